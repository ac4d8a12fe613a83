package dev.ferry.ops.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;

/**
 * What verify found, table by table.
 *
 * @param tables one report per verified table
 * @param millis how long the whole verification took
 */
public record VerifyReport(List<TableReport> tables, long millis) {

    public boolean identical() {
        return tables.stream().allMatch(TableReport::identical);
    }

    public long rows() {
        return tables.stream().mapToLong(TableReport::sourceRows).sum();
    }

    /** The report as JSON (for {@code --json} and the cutover report). */
    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One line per table, then the differences. */
    public String toText() {
        StringBuilder b = new StringBuilder();
        for (TableReport t : tables) {
            if (t.cannotVerify() != null) {
                b.append(String.format("%-30s CANNOT VERIFY: %s%n", t.table(), t.cannotVerify()));
                continue;
            }
            b.append(String.format("%-30s %s  source %,d rows, target %,d rows%s  (%.1f s, %s)%n", t.table(),
                    t.identical() ? "IDENTICAL" : "DIFFERENT", t.sourceRows(), t.targetRows(),
                    t.identical() ? "" : String.format(", %,d missing, %,d extra, %,d changed, %,d still moving",
                            t.missing(), t.extra(), t.changed(), t.moving()),
                    t.millis() / 1000.0, t.method()));
            t.differences().forEach(d -> b.append("    ").append(d).append('\n'));
        }
        b.append(String.format("%s: %d tables, %,d rows, in %.1f s%n", identical() ? "identical" : "NOT identical",
                tables.size(), rows(), millis / 1000.0));
        return b.toString();
    }
}
