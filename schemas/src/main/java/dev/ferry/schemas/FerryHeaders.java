package dev.ferry.schemas;

/**
 * Header names that travel with records on mapped topics. Values are UTF-8 strings.
 */
public final class FerryHeaders {

    /** Position of the change in the source (PostgreSQL LSN, MySQL/MariaDB binlog file:pos), as text. */
    public static final String SOURCE_POSITION = "ferry.source.position";
    /** Source commit time of the change, epoch milliseconds, as decimal text. */
    public static final String SOURCE_TS_MS = "ferry.source.ts_ms";
    /** Operation of the change: c (create), u (update), d (delete), r (snapshot read). */
    public static final String OPERATION = "ferry.op";
    /** Name of the source the change came from. */
    public static final String SOURCE = "ferry.source";
    /**
     * Target columns whose value the source did not send (PostgreSQL TOAST placeholder under
     * {@code REPLICA IDENTITY DEFAULT}), comma-separated; their field carries null and the sink
     * must leave the target's value alone (partial update). Absent when every column is present.
     */
    public static final String UNCHANGED_COLUMNS = "ferry.unchanged";
    /**
     * On a truncate marker ({@link Truncates}): how many partitions the raw topic has. Capture writes
     * one marker to each of them, and the transform keeps every record in its raw partition's number,
     * so the sink knows how many markers make one truncate.
     */
    public static final String TRUNCATE_PARTITIONS = "ferry.truncate.partitions";
    /**
     * On a truncate marker of a mapped topic: what it does to the target rows, after the mapping's
     * delete mode: {@code hard} (the rows go), {@code soft:<column>} (that boolean column becomes
     * true in every row) or {@code ignore} (nothing).
     */
    public static final String TRUNCATE_EFFECT = "ferry.truncate.effect";

    private FerryHeaders() {
    }
}
