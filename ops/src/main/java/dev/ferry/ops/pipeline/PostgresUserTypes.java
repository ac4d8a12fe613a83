package dev.ferry.ops.pipeline;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user-defined types (enum, composite, domain, range) that the columns of PostgreSQL source
 * tables use, read from the source catalog, each after the types it is made of; and making the
 * missing ones in a PostgreSQL target, with the same schema, name and definition (enum labels in
 * order, composite attributes, a domain's base type, default, NOT NULL and checks, a range's
 * subtype). A type an extension owns, or a base type written in C, cannot be made this way: it is a
 * problem, named with what to do.
 */
final class PostgresUserTypes {

    /**
     * One user type.
     *
     * @param usedBy the first {@code table.column} found using it, for messages
     * @param extension the extension that owns it, or null
     * @param ddl the statement that creates it, or null when Ferry cannot (an extension's or a C base type)
     */
    record UserType(String schema, String name, String usedBy, String extension, String ddl) {

        String qualified() {
            return schema + "." + name;
        }
    }

    private PostgresUserTypes() {
    }

    /** The user types the columns of {@code tables} ({@code schema.table}) use, dependencies first. */
    static List<UserType> used(Connection source, List<String> tables) throws SQLException {
        Map<Long, UserType> found = new LinkedHashMap<>();
        String columns = "SELECT a.attname, a.atttypid FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?"
                + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
        for (String table : tables) {
            int dot = table.indexOf('.');
            try (PreparedStatement s = source.prepareStatement(columns)) {
                s.setString(1, table.substring(0, dot));
                s.setString(2, table.substring(dot + 1));
                try (ResultSet rs = s.executeQuery()) {
                    List<Object[]> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getString(1), rs.getLong(2)});
                    }
                    for (Object[] row : rows) {
                        visit(source, (Long) row[1], table + "." + row[0], found);
                    }
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** One line per type the target lacks and Ferry cannot create there, naming what to do. */
    static List<String> problems(Connection target, String targetName, List<UserType> types) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (UserType t : types) {
            if (t.ddl() == null && !exists(target, t)) {
                problems.add("column " + t.usedBy() + " has type " + t.qualified() + (t.extension() != null
                        ? " of extension " + t.extension() + ", which target " + targetName + " lacks: run CREATE EXTENSION "
                                + quote(t.extension()) + " in the target database (schema " + t.schema() + ")"
                        : ", a base type Ferry cannot create, which target " + targetName + " lacks: create it (and its"
                                + " functions) in the target database"));
            }
        }
        return problems;
    }

    /** Creates, in one transaction, every type the target lacks and Ferry can create; returns their names. */
    static List<String> createMissing(Connection target, List<UserType> types) throws SQLException {
        List<String> created = new ArrayList<>();
        boolean autoCommit = target.getAutoCommit();
        target.setAutoCommit(false);
        try (Statement s = target.createStatement()) {
            for (UserType t : types) {
                if (t.ddl() != null && !exists(target, t)) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(t.schema()));
                    s.execute(t.ddl());
                    created.add(t.qualified());
                }
            }
            target.commit();
        } catch (SQLException e) {
            target.rollback();
            throw e;
        } finally {
            target.setAutoCommit(autoCommit);
        }
        return created;
    }

    private static boolean exists(Connection target, UserType t) throws SQLException {
        try (PreparedStatement s = target.prepareStatement("SELECT 1 FROM pg_type t JOIN pg_namespace n"
                + " ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typname = ?")) {
            s.setString(1, t.schema());
            s.setString(2, t.name());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Adds the user type {@code oid} (through arrays) after the user types it is made of. */
    private static void visit(Connection c, long oid, String usedBy, Map<Long, UserType> found) throws SQLException {
        if (found.containsKey(oid)) {
            return;
        }
        String sql = "SELECT n.nspname, t.typname, t.typtype, t.typcategory, t.typelem, t.typbasetype, t.typrelid,"
                + " format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,"
                + " (SELECT e.extname FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid"
                + "  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e' LIMIT 1),"
                + " (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid)"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = ?";
        String schema;
        String name;
        String kind;
        String extension;
        long element;
        long base;
        long relation;
        String baseText;
        boolean notNull;
        String defaultValue;
        String relkind;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, oid);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                schema = rs.getString(1);
                name = rs.getString(2);
                kind = rs.getString(3);
                element = "A".equals(rs.getString(4)) ? rs.getLong(5) : 0;
                base = rs.getLong(6);
                relation = rs.getLong(7);
                baseText = rs.getString(8);
                notNull = rs.getBoolean(9);
                defaultValue = rs.getString(10);
                extension = rs.getString(11);
                relkind = rs.getString(12);
            }
        }
        if (element != 0) {
            visit(c, element, usedBy, found);
            return;
        }
        if (schema.equals("pg_catalog") || schema.equals("information_schema") || schema.startsWith("pg_toast")) {
            return;
        }
        String qualified = quote(schema) + "." + quote(name);
        String ddl = null;
        if (extension == null) {
            ddl = switch (kind) {
                case "e" -> "CREATE TYPE " + qualified + " AS ENUM (" + String.join(", ", enumLabels(c, oid)) + ")";
                case "c" -> "c".equals(relkind) ? "CREATE TYPE " + qualified + " AS (" + attributes(c, relation, usedBy, found) + ")" : null;
                case "d" -> {
                    visit(c, base, usedBy, found);
                    yield "CREATE DOMAIN " + qualified + " AS " + baseText + (defaultValue == null ? "" : " DEFAULT " + defaultValue)
                            + (notNull ? " NOT NULL" : "") + checks(c, oid);
                }
                case "r" -> "CREATE TYPE " + qualified + " AS RANGE (SUBTYPE = " + rangeSubtype(c, oid, usedBy, found) + ")";
                default -> null;
            };
        }
        if (kind.equals("c") && !"c".equals(relkind)) {
            return; // a table's row type: the table is captured (or not) on its own
        }
        found.put(oid, new UserType(schema, name, usedBy, extension, ddl));
    }

    private static List<String> enumLabels(Connection c, long oid) throws SQLException {
        List<String> labels = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT enumlabel FROM pg_enum WHERE enumtypid = ? ORDER BY enumsortorder")) {
            s.setLong(1, oid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    labels.add(literal(rs.getString(1)));
                }
            }
        }
        return labels;
    }

    private static String attributes(Connection c, long relation, String usedBy, Map<Long, UserType> found) throws SQLException {
        List<String> attributes = new ArrayList<>();
        List<Long> types = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT attname, format_type(atttypid, atttypmod), atttypid"
                + " FROM pg_attribute WHERE attrelid = ? AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            s.setLong(1, relation);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    attributes.add(quote(rs.getString(1)) + " " + rs.getString(2));
                    types.add(rs.getLong(3));
                }
            }
        }
        for (long type : types) {
            visit(c, type, usedBy, found);
        }
        return String.join(", ", attributes);
    }

    private static String checks(Connection c, long oid) throws SQLException {
        StringBuilder checks = new StringBuilder();
        try (PreparedStatement s = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                + " WHERE contypid = ? AND contype = 'c' ORDER BY conname")) {
            s.setLong(1, oid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    checks.append(" CONSTRAINT ").append(quote(rs.getString(1))).append(' ').append(rs.getString(2));
                }
            }
        }
        return checks.toString();
    }

    private static String rangeSubtype(Connection c, long oid, String usedBy, Map<Long, UserType> found) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT rngsubtype, format_type(rngsubtype, NULL) FROM pg_range"
                + " WHERE rngtypid = ?")) {
            s.setLong(1, oid);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long subtype = rs.getLong(1);
                String text = rs.getString(2);
                visit(c, subtype, usedBy, found);
                return text;
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
