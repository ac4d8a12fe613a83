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

    SnapshotPlan {
        chunked = List.copyOf(chunked);
        onePass = List.copyOf(onePass);
    }

    /** Every table in one pass: the plan of a source whose connector has no exact chunked read. */
    static SnapshotPlan onePass(List<String> tables) {
        return new SnapshotPlan(List.of(), tables);
    }
}
