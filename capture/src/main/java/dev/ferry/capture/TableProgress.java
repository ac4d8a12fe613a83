package dev.ferry.capture;

import java.time.Instant;

/**
 * Progress of one captured table, as a snapshot in time.
 *
 * @param table {@code schema.table}
 * @param phase where the table stands
 * @param snapshotRows rows copied by the snapshot so far
 * @param estimatedRows estimated rows of the table at start, -1 when unknown
 * @param changes changes (inserts, updates, deletes) captured while streaming
 * @param lastChangeAt when the last record of this table was captured, null if none yet
 * @param incrementalRows rows read again by incremental snapshots (re-snapshots, tables added later)
 *     since this process started
 * @param tooLarge changes (snapshot rows included) too large for Kafka, dead-lettered instead of
 *     published, since this process started
 */
public record TableProgress(String table, Phase phase, long snapshotRows, long estimatedRows, long changes,
                            Instant lastChangeAt, long incrementalRows, long tooLarge) {

    /** Snapshot completion in percent (0..100), or -1 when the size is unknown. */
    public double snapshotPercent() {
        if (phase == Phase.STREAMING) {
            return 100.0;
        }
        if (estimatedRows <= 0) {
            return -1;
        }
        return Math.min(99.9, 100.0 * snapshotRows / estimatedRows);
    }
}
