package dev.ferry.ops.verify;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compares one table of a PostgreSQL source with the same table of a PostgreSQL target, row by
 * row: both sides are read ordered by primary key and each row is rendered by the server as JSON
 * ({@code row_to_json}), so values compare in the database's own canonical form. Used where the
 * mapping is the identity (the demo, the benchmarks, end-to-end tests).
 */
public final class TableComparison {

    private static final int EXAMPLES = 5;

    private TableComparison() {
    }

    /**
     * @param schema schema of the table on both sides
     * @param table the table name, exact
     * @return what differs; never null
     */
    public static Result compare(Connection source, Connection target, String schema, String table) throws SQLException {
        if (!exists(target, schema, table)) {
            return new Result(table, -1, 0, -1, 0, 0, List.of("target table " + schema + "." + table + " does not exist"));
        }
        List<String> keys = primaryKey(source, schema, table);
        String qualified = quote(schema) + "." + quote(table);
        // Both sides sort the key's text under the byte-order collation, the order String.compareTo walks.
        String keyText = keys.stream().map(k -> quote(k) + "::text").collect(Collectors.joining(" || '|' || "));
        String sql = "SELECT k, j FROM (SELECT " + keyText + " AS k, row_to_json(__ferry_row)::text AS j FROM " + qualified
                + " __ferry_row) r ORDER BY k COLLATE \"C\"";
        boolean sourceAuto = source.getAutoCommit();
        boolean targetAuto = target.getAutoCommit();
        source.setAutoCommit(false);
        target.setAutoCommit(false);
        try (PreparedStatement s = source.prepareStatement(sql); PreparedStatement t = target.prepareStatement(sql)) {
            s.setFetchSize(5000);
            t.setFetchSize(5000);
            try (ResultSet a = s.executeQuery(); ResultSet b = t.executeQuery()) {
                return merge(table, a, b, keys);
            }
        } finally {
            source.commit();
            target.commit();
            source.setAutoCommit(sourceAuto);
            target.setAutoCommit(targetAuto);
        }
    }

    private static Result merge(String table, ResultSet a, ResultSet b, List<String> keys) throws SQLException {
        long sourceRows = 0;
        long targetRows = 0;
        long missing = 0;
        long extra = 0;
        long changed = 0;
        List<String> examples = new ArrayList<>();
        boolean hasA = a.next();
        boolean hasB = b.next();
        while (hasA || hasB) {
            int cmp;
            if (!hasA) {
                cmp = 1;
            } else if (!hasB) {
                cmp = -1;
            } else {
                cmp = Integer.signum(a.getString(1).compareTo(b.getString(1)));
            }
            if (cmp == 0) {
                sourceRows++;
                targetRows++;
                if (!a.getString(2).equals(b.getString(2))) {
                    changed++;
                    example(examples, "changed " + keys + "=" + a.getString(1) + ": source " + a.getString(2)
                            + " target " + b.getString(2));
                }
                hasA = a.next();
                hasB = b.next();
            } else if (cmp < 0) {
                sourceRows++;
                missing++;
                example(examples, "missing in target " + keys + "=" + a.getString(1));
                hasA = a.next();
            } else {
                targetRows++;
                extra++;
                example(examples, "extra in target " + keys + "=" + b.getString(1));
                hasB = b.next();
            }
        }
        return new Result(table, sourceRows, targetRows, missing, extra, changed, examples);
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < EXAMPLES) {
            examples.add(text.length() > 400 ? text.substring(0, 400) + "..." : text);
        }
    }

    static List<String> primaryKey(Connection c, String schema, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        List<String[]> columns = new ArrayList<>();
        try (ResultSet rs = meta.getPrimaryKeys(null, schema, table)) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString("COLUMN_NAME"), String.valueOf(rs.getInt("KEY_SEQ"))});
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("table " + schema + "." + table + " has no primary key in the source");
        }
        columns.sort(java.util.Comparator.comparingInt(k -> Integer.parseInt(k[1])));
        return columns.stream().map(k -> k[0]).toList();
    }

    private static boolean exists(Connection c, String schema, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, schema, table, null)) {
            return rs.next();
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /**
     * What a comparison found.
     *
     * @param examples up to five differences in words
     */
    public record Result(String table, long sourceRows, long targetRows, long missing, long extra, long changed,
                         List<String> examples) {

        public boolean identical() {
            return missing == 0 && extra == 0 && changed == 0;
        }

        @Override
        public String toString() {
            return table + ": " + sourceRows + " source rows, " + targetRows + " target rows"
                    + (identical() ? ", identical" : ", " + missing + " missing, " + extra + " extra, " + changed
                    + " changed " + examples);
        }
    }
}
