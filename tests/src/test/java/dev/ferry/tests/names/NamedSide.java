package dev.ferry.tests.names;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * One database of a names test, read with its own SQL and not with Ferry's: the columns its
 * catalog ({@code information_schema.columns}) lists for a table, and every row rendered as the
 * database renders each value as text ({@code ::text} in PostgreSQL, {@code CAST(... AS CHAR)} in
 * MariaDB), ordered by the key.
 *
 * @param postgres true for PostgreSQL, false for MariaDB
 * @param schema the schema (PostgreSQL) or database (MariaDB) of the table
 */
record NamedSide(boolean postgres, Callable<Connection> connections, String schema) {

    String quote(String identifier) {
        String q = postgres ? "\"" : "`";
        return q + identifier.replace(q, q + q) + q;
    }

    String table(String table) {
        return quote(schema) + "." + quote(table);
    }

    Connection connect() throws Exception {
        return connections.call();
    }

    /** The table's column names in ordinal order, as the catalog lists them; empty when the table is missing. */
    List<String> columns(String table) throws Exception {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT column_name FROM"
                + " information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    /** Every row, each value rendered as text by the database (null stays null), ordered by {@code key}. */
    List<List<String>> rows(String table, List<String> columns, String key) throws Exception {
        String select = columns.stream().map(c -> postgres ? quote(c) + "::text" : "CAST(" + quote(c) + " AS CHAR)")
                .collect(Collectors.joining(", "));
        try (Connection c = connect(); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + select + " FROM " + table(table) + " ORDER BY " + quote(key))) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            // The target table may not exist yet.
            return List.of(List.of("unreadable: " + e.getMessage()));
        }
    }
}
