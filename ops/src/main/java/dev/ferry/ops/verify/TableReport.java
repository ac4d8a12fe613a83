package dev.ferry.ops.verify;

import java.util.List;

/**
 * What verify found for one target table.
 *
 * @param table target table
 * @param sourceRows source rows the mapping keeps (after filters)
 * @param targetRows rows in the target
 * @param missing keys in the source but not the target
 * @param extra keys in the target but not the source
 * @param changed keys whose compared columns differ
 * @param moving differences that kept changing while verify waited for them to settle (the
 *     table is still moving; they are not counted in missing/extra/changed)
 * @param differences the first differences, with what differs
 * @param checksum an order-independent 64-bit checksum of the compared target rows (hex): the
 *     sum of an FNV-1a hash of each row's canonical values; for the cutover report
 * @param millis how long it took
 */
public record TableReport(String table, long sourceRows, long targetRows, long missing, long extra, long changed,
                          long moving, List<Difference> differences, String checksum, long millis) {

    public boolean identical() {
        return missing == 0 && extra == 0 && changed == 0 && moving == 0;
    }
}
