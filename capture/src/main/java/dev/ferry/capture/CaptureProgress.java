package dev.ferry.capture;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Live progress of one capture engine: per table phase, snapshot rows done against the estimate,
 * changes streamed; the last source position published; the last failure. Written by the engine's
 * thread, read by anyone (status, metrics, cutover).
 */
public final class CaptureProgress {

    private final Map<String, TableState> tables = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile BooleanSupplier streaming = () -> false;
    private volatile String lastPosition;
    private volatile String lastError;
    private volatile boolean failing;

    CaptureProgress(List<String> tables, Clock clock) {
        this.clock = clock;
        tables.forEach(t -> this.tables.put(t, new TableState()));
    }

    void estimate(String table, long rows) {
        state(table).estimated = rows;
    }

    /**
     * Marks {@code table} ({@code schema.table}) as being read by the chunked first snapshot: its
     * incremental rows count as snapshot rows and it is snapshotting until {@link #chunkingDone}.
     * A name that is not a captured table is ignored.
     */
    void chunking(String table) {
        TableState s = table == null ? null : tables.get(table);
        if (s != null) {
            s.chunking = true;
            s.firstChunked = true;
        }
    }

    /**
     * The chunked first snapshot has read every row of {@code table}. Debezium says so before it
     * hands over the rows of the last chunk: they still count as snapshot rows, until a
     * re-snapshot of the table begins ({@link #reSnapshotting}).
     */
    void chunkingDone(String table) {
        TableState s = table == null ? null : tables.get(table);
        if (s != null && s.chunking) {
            s.chunking = false;
            s.snapshotDone = true;
        }
    }

    /** A re-snapshot (not the first snapshot) reads {@code table}: its rows count as re-snapshot rows. */
    void reSnapshotting(String table) {
        TableState s = table == null ? null : tables.get(table);
        if (s != null) {
            s.chunking = false;
            s.firstChunked = false;
        }
    }

    /** The chunked first snapshot is over for every table. */
    void chunkingDone() {
        tables.keySet().forEach(this::chunkingDone);
    }

    void streamingProbe(BooleanSupplier probe) {
        this.streaming = probe;
    }

    /**
     * Records one published change.
     *
     * @param snapshot Debezium's {@code source.snapshot} marker (true, first, last,
     *     first_in_data_collection, last_in_data_collection, false, incremental), may be null
     */
    void published(String table, String op, String snapshot, String position) {
        TableState s = state(table);
        s.lastAt = clock.instant();
        if ("r".equals(op) && "incremental".equals(snapshot) && s.firstChunked) {
            s.snapshotRows.incrementAndGet();
        } else if ("r".equals(op) && "incremental".equals(snapshot)) {
            s.incrementalRows.incrementAndGet();
        } else if ("r".equals(op)) {
            s.snapshotRows.incrementAndGet();
            if ("last".equals(snapshot) || "last_in_data_collection".equals(snapshot)) {
                s.snapshotDone = true;
            }
        } else if (op != null) {
            s.changes.incrementAndGet();
            s.snapshotDone |= !s.chunking;
        }
        if (position != null) {
            lastPosition = position;
        }
        failing = false;
    }

    /** Records one change of {@code table} that was dead-lettered as too large to publish. */
    void tooLarge(String table) {
        state(table).tooLarge.incrementAndGet();
    }

    void failed(String error) {
        lastError = error;
        failing = true;
    }

    /** Progress of every captured table, in configuration order of first sight. */
    public List<TableProgress> tables() {
        boolean streamingNow = streaming.getAsBoolean();
        List<TableProgress> result = new ArrayList<>();
        tables.forEach((name, s) -> result.add(new TableProgress(name, phase(s, streamingNow), s.snapshotRows.get(),
                s.estimated, s.changes.get(), s.lastAt, s.incrementalRows.get(), s.tooLarge.get())));
        result.sort(java.util.Comparator.comparing(TableProgress::table));
        return result;
    }

    /** True once every table has finished its snapshot (or needed none) and changes stream. */
    public boolean snapshotsDone() {
        return tables().stream().allMatch(t -> t.phase() == Phase.STREAMING);
    }

    /**
     * Source position of the last published change (PostgreSQL: the LSN as a number;
     * MariaDB/MySQL: {@code binlog-file:position}), null before any.
     */
    public String lastPosition() {
        return lastPosition;
    }

    /**
     * Whether the engine's streaming connection to the source is up now (Debezium's streaming
     * metrics). A source that goes away while streaming shows here first: the binlog and
     * replication clients keep reconnecting on their own instead of failing the engine.
     */
    public boolean connected() {
        return streaming.getAsBoolean();
    }

    /** The last failure of the engine, null if none. */
    public String lastError() {
        return lastError;
    }

    private Phase phase(TableState s, boolean streamingNow) {
        if (failing) {
            return Phase.FAILING;
        }
        if (s.chunking) {
            return Phase.SNAPSHOTTING;
        }
        if (s.snapshotDone || streamingNow) {
            return Phase.STREAMING;
        }
        return s.snapshotRows.get() > 0 ? Phase.SNAPSHOTTING : Phase.STARTING;
    }

    private TableState state(String table) {
        return tables.computeIfAbsent(table, t -> new TableState());
    }

    Instant now() {
        return clock.instant();
    }

    private static final class TableState {
        final AtomicLong snapshotRows = new AtomicLong();
        final AtomicLong changes = new AtomicLong();
        final AtomicLong incrementalRows = new AtomicLong();
        final AtomicLong tooLarge = new AtomicLong();
        volatile long estimated = -1;
        volatile boolean snapshotDone;
        /** Read by the chunked first snapshot now; changes of the table stream meanwhile. */
        volatile boolean chunking;
        /** Its incremental rows are those of the chunked first snapshot. */
        volatile boolean firstChunked;
        volatile Instant lastAt;
    }
}
