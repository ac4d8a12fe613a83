package dev.ferry.capture;

import java.util.List;

/**
 * How the first snapshot of a source reads each table.
 *
 * <p>{@code chunked} tables are read in primary-key chunks while changes stream (Debezium's
 * incremental snapshot, DBLog watermarks); the position of the last chunk read is part of the
 * committed source offset, so a crash resumes with the first unfinished chunk. Debezium reads those
 * chunks with {@code SELECT *} and JDBC's {@code getObject}: only tables whose every column arrives
 * exactly that way qualify. {@code onePass} tables are read in one consistent pass with Ferry's
 * own {@code SELECT} (text renderings that keep values exact) and start again from their first row
 * after a crash.
 *
 * @param chunked tables read in resumable chunks, config order
 * @param onePass tables read in one pass, config order
 */
record SnapshotPlan(List<String> chunked, List<String> onePass) {

    /** Rows per chunk of a chunked snapshot (and of re-snapshots); the unit a crash may repeat. */
    static final int CHUNK_ROWS = 8192;
    /**
     * Fewest rows (estimated) for a table to be read in chunks: below it, one pass is quick to
     * repeat and starts at once, while a chunked snapshot waits for its request to reach the engine.
     */
    static final long CHUNKED_MIN_ROWS = 100_000;

    SnapshotPlan {
        chunked = List.copyOf(chunked);
        onePass = List.copyOf(onePass);
    }

    /** The plan recorded at the first start: {@code chunked} of {@code tables} in chunks, the rest in one pass. */
    static SnapshotPlan recorded(List<String> tables, java.util.Set<String> chunked) {
        return new SnapshotPlan(tables.stream().filter(chunked::contains).toList(),
                tables.stream().filter(t -> !chunked.contains(t)).toList());
    }

    /** Every table in one pass: the plan of a source whose connector has no exact chunked read. */
    static SnapshotPlan onePass(List<String> tables) {
        return new SnapshotPlan(List.of(), tables);
    }
}
