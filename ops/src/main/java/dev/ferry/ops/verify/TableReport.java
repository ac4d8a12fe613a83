package dev.ferry.ops.verify;

import java.util.List;

/**
 * What verify found for one target table.
 *
 * @param table {@code <target>.<table>}
 * @param sourceRows source rows the mapping keeps (after filters)
 * @param targetRows rows in the target
 * @param missing keys in the source but not the target
 * @param extra keys in the target but not the source
 * @param changed keys whose compared columns differ
 * @param moving differences that kept changing while verify waited for them to settle (the
 *     table is still moving; they are not counted in missing/extra/changed)
 * @param differences the first differences, with what differs
 * @param checksum an order-independent 64-bit checksum of the compared target rows (hex): the
 *     sum of an FNV-1a hash of each row's canonical values (row by row), or of the 60-bit MD5
 *     prefix of each row's canonical SQL text (hashed); for the cutover report
 * @param millis how long it took
 * @param cannotVerify why the table could not be compared (then every count is 0), null when it was
 * @param method {@code hashed} (key ranges hashed inside both databases and all equal), {@code hashed,
 *     N differing key ranges compared row by row, or {@code rows: <why>} (every row read and compared), null when not compared
 */
public record TableReport(String table, long sourceRows, long targetRows, long missing, long extra, long changed,
                          long moving, List<Difference> differences, String checksum, long millis, String cannotVerify,
                          String method) {

    /** A table that could not be compared, and why (no schema yet, no target table, a database refusing). */
    public static TableReport cannotVerify(String table, String reason, long millis) {
        return new TableReport(table, 0, 0, 0, 0, 0, 0, List.of(), null, millis, reason, null);
    }

    /** True only for a table compared and found equal; a table that could not be verified is not. */
    public boolean identical() {
        return cannotVerify == null && missing == 0 && extra == 0 && changed == 0 && moving == 0;
    }

    /** {@code identical}, {@code different} or {@code cannot verify}. */
    @com.fasterxml.jackson.annotation.JsonProperty("outcome")
    public String outcome() {
        return cannotVerify != null ? "cannot verify" : identical() ? "identical" : "different";
    }
}
