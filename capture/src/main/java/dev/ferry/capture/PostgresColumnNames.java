package dev.ferry.capture;

import dev.ferry.schemas.connect.ColumnNaming;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Column names that Debezium's PostgreSQL stream does not keep, and how Ferry puts them right.
 *
 * <p>Debezium's pgoutput decoder reads a column name that starts and ends with the same quote
 * character ({@code "}, {@code '} or a backtick) as if it were quoted: a column named
 * {@code "quoted"} (quotes included) streams as {@code quoted}, while the snapshot names it right.
 * Capture gives such fields their real name back ({@link #naming}), and refuses a table where that
 * is ambiguous (another column is named as Debezium reads it) or where Debezium refuses the table
 * itself (two columns that differ only in case).
 */
final class PostgresColumnNames {

    private PostgresColumnNames() {
    }

    /** The name Debezium's stream gives a column (its {@code Strings.unquoteIdentifierPart}). */
    static String asStreamed(String column) {
        if (column.length() < 2) {
            return column;
        }
        char first = column.charAt(0);
        if (first != column.charAt(column.length() - 1) || (first != '"' && first != '\'' && first != '`')) {
            return column;
        }
        String q = String.valueOf(first);
        return column.substring(1, column.length() - 1).replace(q + q, q);
    }

    /** Streamed name → real name, for every column whose streamed name differs. */
    static Map<String, String> repairs(List<String> columns) {
        Map<String, String> repairs = new HashMap<>();
        for (String column : columns) {
            String streamed = asStreamed(column);
            if (!streamed.equals(column)) {
                repairs.put(streamed, column);
            }
        }
        return repairs;
    }

    /** Why the table's columns cannot be streamed under their names, worded to follow "table T"; empty when they can. */
    static Optional<String> problem(List<String> columns) {
        Map<String, String> lower = new HashMap<>();
        for (String column : columns) {
            String earlier = lower.putIfAbsent(column.toLowerCase(Locale.ROOT), column);
            if (earlier != null) {
                return Optional.of("has columns " + earlier + " and " + column + " that differ only in case, which"
                        + " Debezium's PostgreSQL stream cannot tell apart; rename one of them");
            }
        }
        for (Map.Entry<String, String> repair : repairs(columns).entrySet()) {
            if (columns.contains(repair.getKey())) {
                return Optional.of("has columns " + repair.getValue() + " and " + repair.getKey() + ", which Debezium's"
                        + " PostgreSQL stream reads as the same name; rename one of them");
            }
        }
        return Optional.empty();
    }

    /** The table's live columns ({@code schema.table}) in their order. */
    static List<String> columns(Connection c, String table) throws SQLException {
        int dot = table.indexOf('.');
        String sql = "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, table.substring(0, dot));
            s.setString(2, table.substring(dot + 1));
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
            return columns;
        }
    }

    /**
     * The real names of the row fields of one table: a key or row struct ({@code ...Key},
     * {@code ...Value}) field named as Debezium streams a column gets that column's name; other
     * structs (the envelope, {@code source}) are left alone.
     */
    static ColumnNaming naming(Map<String, String> repairs) {
        if (repairs.isEmpty()) {
            return ColumnNaming.AS_NAMED;
        }
        Map<String, String> copy = Map.copyOf(repairs);
        return (struct, field) -> {
            String name = struct.name();
            boolean row = name != null && (name.endsWith(".Value") || name.endsWith(".Key"));
            return row ? copy.getOrDefault(field, field) : field;
        };
    }
}
