package dev.ferry.ops.schema;

import dev.ferry.ops.config.DbType;
import dev.ferry.ops.schema.SchemaObject.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MariaDB's and MySQL's {@code information_schema}: {@code COLUMNS} (NOT NULL, defaults,
 * {@code AUTO_INCREMENT}, comments), {@code TABLES} (the table comment), {@code TABLE_CONSTRAINTS}
 * with {@code KEY_COLUMN_USAGE} and {@code REFERENTIAL_CONSTRAINTS} (unique, foreign keys),
 * {@code CHECK_CONSTRAINTS}, and {@code STATISTICS} (indexes not backing a constraint). The primary
 * key is left out: the sink creates it with the table.
 */
final class MariaDbCatalog implements CatalogReader {

    @Override
    public boolean exists(Connection c, String schema, String table) throws SQLException {
        try (ResultSet rs = query(c, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                schema, table)) {
            return rs.next();
        }
    }

    @Override
    public List<SchemaObject> objects(Connection c, String schema, String table) throws SQLException {
        List<SchemaObject> out = new ArrayList<>();
        if (!exists(c, schema, table)) {
            return out;
        }
        try (ResultSet rs = query(c, "SELECT COLUMN_NAME, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, COLUMN_KEY"
                + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
                schema, table)) {
            while (rs.next()) {
                List<String> cols = List.of(rs.getString(1));
                boolean key = "PRI".equals(rs.getString(6));
                String extra = rs.getString(4) == null ? "" : rs.getString(4).toLowerCase();
                boolean generated = extra.contains("generated");
                if ("NO".equals(rs.getString(2)) && !key) {
                    out.add(column(Kind.NOT_NULL, cols, null));
                }
                if (extra.contains("auto_increment")) {
                    out.add(column(Kind.IDENTITY, cols, "AUTO_INCREMENT"));
                }
                String dflt = rs.getString(3);
                if (dflt != null && !"NULL".equals(dflt) && !generated) {
                    out.add(column(Kind.DEFAULT, cols, dflt));
                }
                if (rs.getString(5) != null && !rs.getString(5).isEmpty()) {
                    out.add(column(Kind.COMMENT, cols, rs.getString(5)));
                }
            }
        }
        try (ResultSet rs = query(c, "SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
                schema, table)) {
            if (rs.next() && rs.getString(1) != null && !rs.getString(1).isEmpty()) {
                out.add(new SchemaObject(Kind.COMMENT, table, List.of(), true, rs.getString(1), false, null, DbType.MARIADB));
            }
        }
        Set<String> constraintNames = new HashSet<>();
        keyConstraints(c, schema, table, out, constraintNames);
        try (ResultSet rs = query(c, "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ? ORDER BY CONSTRAINT_NAME", schema, table)) {
            while (rs.next()) {
                out.add(new SchemaObject(Kind.CHECK, rs.getString(1), List.of(), false, "CHECK (" + rs.getString(2) + ")",
                        false, null, DbType.MARIADB));
            }
        }
        indexes(c, schema, table, out, constraintNames);
        return out;
    }

    private static SchemaObject column(Kind kind, List<String> cols, String detail) {
        return new SchemaObject(kind, cols.get(0), cols, true, detail, false, null, DbType.MARIADB);
    }

    private static void keyConstraints(Connection c, String schema, String table, List<SchemaObject> out,
                                       Set<String> names) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, SchemaObject.Reference> parents = new LinkedHashMap<>();
        Map<String, List<String>> parentColumns = new LinkedHashMap<>();
        try (ResultSet rs = query(c, "SELECT tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA,"
                + " k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME FROM information_schema.TABLE_CONSTRAINTS tc"
                + " JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA"
                + " AND k.TABLE_NAME = tc.TABLE_NAME AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                + " WHERE tc.TABLE_SCHEMA = ? AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE IN ('UNIQUE', 'FOREIGN KEY')"
                + " ORDER BY tc.CONSTRAINT_NAME, k.ORDINAL_POSITION", schema, table)) {
            while (rs.next()) {
                String name = rs.getString(1);
                types.put(name, rs.getString(2));
                columns.computeIfAbsent(name, n -> new ArrayList<>()).add(rs.getString(3));
                if (rs.getString(6) != null) {
                    List<String> refs = parentColumns.computeIfAbsent(name, n -> new ArrayList<>());
                    refs.add(rs.getString(6));
                    parents.put(name, new SchemaObject.Reference(rs.getString(4), rs.getString(5), refs));
                }
            }
        }
        Map<String, String> actions = new LinkedHashMap<>();
        try (ResultSet rs = query(c, "SELECT CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS"
                + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?", schema, table)) {
            while (rs.next()) {
                actions.put(rs.getString(1), "ON UPDATE " + rs.getString(2) + " ON DELETE " + rs.getString(3));
            }
        }
        types.forEach((name, type) -> {
            names.add(name);
            SchemaObject.Reference parent = parents.get(name);
            out.add(type.equals("UNIQUE")
                    ? new SchemaObject(Kind.UNIQUE, name, columns.get(name), true, null, true, null, DbType.MARIADB)
                    : new SchemaObject(Kind.FOREIGN_KEY, name, columns.get(name), true, actions.getOrDefault(name, ""), false,
                    new SchemaObject.Reference(parent.schema(), parent.table(), parentColumns.get(name)), DbType.MARIADB));
        });
    }

    private static void indexes(Connection c, String schema, String table, List<SchemaObject> out, Set<String> constraints)
            throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, List<String>> parts = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Set<String> unique = new HashSet<>();
        Set<String> notPlain = new HashSet<>();
        try (ResultSet rs = query(c, "SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, INDEX_TYPE FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND INDEX_NAME <> 'PRIMARY' ORDER BY INDEX_NAME, SEQ_IN_INDEX",
                schema, table)) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (constraints.contains(name)) {
                    continue;
                }
                String column = rs.getString(3);
                String type = rs.getString(5);
                types.put(name, type);
                if (rs.getInt(2) == 0) {
                    unique.add(name);
                }
                if (column == null || rs.getObject(4) != null || type.equals("FULLTEXT") || type.equals("SPATIAL")) {
                    notPlain.add(name);
                }
                columns.computeIfAbsent(name, n -> new ArrayList<>()).add(column == null ? "(expression)" : column);
                parts.computeIfAbsent(name, n -> new ArrayList<>()).add(column == null ? "(expression)"
                        : "`" + column.replace("`", "``") + "`" + (rs.getObject(4) == null ? "" : "(" + rs.getInt(4) + ")"));
            }
        }
        columns.forEach((name, cols) -> {
            boolean plain = !notPlain.contains(name);
            out.add(new SchemaObject(Kind.INDEX, name, cols, plain,
                    plain ? types.get(name).toLowerCase() : types.get(name) + " (" + String.join(", ", parts.get(name)) + ")",
                    unique.contains(name), null, DbType.MARIADB));
        });
    }

    private static ResultSet query(Connection c, String sql, String schema, String table) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.closeOnCompletion();
        s.setString(1, schema);
        s.setString(2, table);
        return s.executeQuery();
    }
}
