package dev.ferry.capture;

import dev.ferry.schemas.Failures;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What capture needs of a source before it may touch it: every configured table exists and has a
 * primary key, and the server is set up for change capture. A table without a primary key is
 * refused because the sink applies changes by key, and because publishing it would make
 * PostgreSQL refuse the application's own {@code UPDATE} and {@code DELETE} on it. Capture checks
 * the tables before each engine start; {@code ferry check} runs everything.
 */
public final class SourceCheck {

    private SourceCheck() {
    }

    /**
     * Every problem of the source: the connection, the server settings, each table.
     *
     * @return one line per problem, empty when capture can run
     */
    public static List<String> all(CaptureConfig config) {
        SourceDatabase database = SourceDatabase.of(config.type());
        try (Connection c = config.connect()) {
            List<String> problems = new ArrayList<>(database.settingProblems(c, config));
            problems.addAll(tableProblems(c, config, database));
            return problems;
        } catch (SQLException e) {
            return List.of("cannot connect as " + config.user() + ": " + Failures.describe(e));
        }
    }

    /**
     * The problems of the configured tables.
     *
     * @throws SQLException when the source cannot be reached (the engine reports and retries that)
     */
    static List<String> tables(CaptureConfig config) throws SQLException {
        try (Connection c = config.connect()) {
            return tableProblems(c, config, SourceDatabase.of(config.type()));
        }
    }

    private static List<String> tableProblems(Connection c, CaptureConfig config, SourceDatabase database)
            throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        List<String> problems = new ArrayList<>();
        for (String table : config.tables()) {
            int dot = table.indexOf('.');
            String container = table.substring(0, dot);
            String name = table.substring(dot + 1);
            String catalog = database.databasesAreCatalogs() ? container : null;
            String schema = database.databasesAreCatalogs() ? null : container;
            if (!exists(meta, catalog, schema, name)) {
                problems.add("table " + table + " does not exist (or the user may not see it)");
            } else if (!hasPrimaryKey(meta, catalog, schema, name)) {
                problems.add("table " + table + " has no primary key: Ferry applies changes by key; add one"
                        + " (PostgreSQL would also refuse UPDATE and DELETE on it once it is published)");
            } else {
                database.tableProblem(c, config, table).ifPresent(p -> problems.add("table " + table + " " + p));
            }
        }
        return problems;
    }

    private static boolean exists(DatabaseMetaData meta, String catalog, String schema, String table) throws SQLException {
        try (ResultSet rs = meta.getTables(catalog, escape(meta, schema), escape(meta, table), null)) {
            while (rs.next()) {
                if (table.equals(rs.getString("TABLE_NAME"))) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean hasPrimaryKey(DatabaseMetaData meta, String catalog, String schema, String table)
            throws SQLException {
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
            return rs.next();
        }
    }

    /** Metadata lookups take patterns: {@code _} and {@code %} in a real name must not match others. */
    private static String escape(DatabaseMetaData meta, String name) throws SQLException {
        if (name == null) {
            return null;
        }
        String escape = meta.getSearchStringEscape();
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
