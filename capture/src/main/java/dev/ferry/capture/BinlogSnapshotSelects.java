package dev.ferry.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The snapshot's {@code SELECT} of each table with a {@code FLOAT} column: MariaDB renders a
 * {@code FLOAT} in the text protocol (which the snapshot reads) with only 6 significant digits
 * ({@code 3.1415927} as {@code 3.14159}), while the binary log carries its exact 4 bytes. Selecting
 * {@code CAST(f AS DOUBLE)} gives the exact stored value (every float is a double), so the snapshot
 * and the stream agree. Tables without a {@code FLOAT} keep Debezium's own {@code SELECT *}.
 */
final class BinlogSnapshotSelects {

    private static final String OVERRIDES = "snapshot.select.statement.overrides";

    private BinlogSnapshotSelects() {
    }

    /** Adds Debezium's select overrides for {@code tables} ({@code database.table}) to {@code p}. */
    static void addTo(Properties p, Connection c, List<String> tables) throws SQLException {
        Map<String, String> selects = new LinkedHashMap<>();
        for (String table : tables) {
            select(c, table).ifPresent(sql -> selects.put(table, sql));
        }
        if (!selects.isEmpty()) {
            p.setProperty(OVERRIDES, String.join(",", selects.keySet()));
            selects.forEach((table, sql) -> p.setProperty(OVERRIDES + "." + table, sql));
        }
    }

    static java.util.Optional<String> select(Connection c, String table) throws SQLException {
        int dot = table.indexOf('.');
        String database = table.substring(0, dot);
        String name = table.substring(dot + 1);
        List<String> columns = new ArrayList<>();
        boolean anyFloat = false;
        try (PreparedStatement s = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            s.setString(1, database);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String column = quote(rs.getString(1));
                    if ("float".equalsIgnoreCase(rs.getString(2))) {
                        anyFloat = true;
                        columns.add("CAST(" + column + " AS DOUBLE) AS " + column);
                    } else {
                        columns.add(column);
                    }
                }
            }
        }
        if (!anyFloat) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("SELECT " + String.join(", ", columns) + " FROM " + quote(database) + "." + quote(name));
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
