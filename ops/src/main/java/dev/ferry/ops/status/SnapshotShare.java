package dev.ferry.ops.status;

import java.util.Locale;

/**
 * How much of a table's snapshot is done, as people read it: rows read of the rows the table had,
 * with a percentage that says 100% only when every row was read. A finished snapshot says "done"
 * rather than a percentage of an estimate (PostgreSQL's and MariaDB's row counts are estimates:
 * "6,213 / 10,000 (100.0%)" was read as a lie).
 */
public final class SnapshotShare {

    private SnapshotShare() {
    }

    /**
     * @param done whether the snapshot finished (the table streams)
     * @param rows rows read by the snapshot
     * @param estimated rows the table had at its start (an estimate), negative when unknown
     */
    public static String of(boolean done, long rows, long estimated) {
        if (done) {
            return String.format(Locale.ROOT, "%,d rows, done", rows);
        }
        if (estimated <= 0) {
            return String.format(Locale.ROOT, "%,d / ? rows", rows);
        }
        return String.format(Locale.ROOT, "%,d / %,d rows (%s)", rows, estimated, percent(rows, estimated));
    }

    /** Rounded down to 0.1 %, and below 100 % while {@code rows < of}. */
    static String percent(long rows, long of) {
        long tenths = rows >= of ? 1000 : Math.min(999, rows * 1000 / of);
        return String.format(Locale.ROOT, "%d.%d%%", tenths / 10, tenths % 10);
    }
}
