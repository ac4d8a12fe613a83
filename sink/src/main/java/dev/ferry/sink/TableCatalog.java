package dev.ferry.sink;

import dev.ferry.sink.dialect.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Knows the columns of the target tables, and makes a table fit the rows written to it as far as
 * the {@link DdlMode} allows: creates a missing table ({@code create}, {@code evolve}), adds missing
 * columns ({@code evolve}), and otherwise refuses with a {@link SchemaMismatchException} so the rows
 * are dead-lettered with their reason. DDL is committed on its own, before any row of the batch is
 * written (MariaDB commits implicitly around DDL anyway).
 */
final class TableCatalog {

    private final Dialect dialect;
    private final String schema;
    private final DdlMode ddl;
    private final Map<String, Set<String>> columnsByTable = new ConcurrentHashMap<>();

    TableCatalog(Dialect dialect, String schema, DdlMode ddl) {
        this.dialect = dialect;
        this.schema = schema;
        this.ddl = ddl;
    }

    /**
     * Makes sure {@code table} exists with every one of {@code columns}.
     *
     * @param columns every column rows will write, or null when only the key is known (deletes)
     * @return false when the table is missing and cannot be created from a key alone, so there is
     *     nothing to delete
     * @throws SchemaMismatchException when the table or a column is missing and the DDL mode does not allow adding it
     */
    boolean ensure(Connection c, String table, List<Column> keys, List<Column> columns) throws SQLException {
        refuseNamesTheTargetWouldChange(table, columns);
        Set<String> known = columnsByTable.get(table);
        if (known == null) {
            known = read(c, table);
            if (known.isEmpty()) {
                if (columns == null) {
                    return false;
                }
                if (!schemaExists(c)) {
                    // The target's state, not the rows' fault: retried as an outage, never dead-lettered.
                    throw new SQLException("target schema " + schema + " does not exist (create it, or fix the "
                            + "target's schema)", "3F000");
                }
                if (ddl == DdlMode.NONE) {
                    throw new SchemaMismatchException("target table " + schema + "." + table
                            + " does not exist and ddl is none");
                }
                execute(c, dialect.createTable(dialect.table(schema, table), columns,
                        keys.stream().map(Column::name).toList()));
                known = read(c, table);
            }
            columnsByTable.put(table, known);
        }
        if (columns == null) {
            return true;
        }
        List<Column> missing = new ArrayList<>();
        for (Column col : columns) {
            if (!known.contains(col.name())) {
                missing.add(col);
            }
        }
        if (missing.isEmpty()) {
            return true;
        }
        String names = missing.stream().map(Column::name).collect(Collectors.joining(", "));
        if (ddl != DdlMode.EVOLVE) {
            throw new SchemaMismatchException("target table " + schema + "." + table + " has no column " + names
                    + " (ddl is " + ddl.name().toLowerCase() + "; ddl: evolve would add it)");
        }
        for (Column col : missing) {
            for (String statement : dialect.addColumn(dialect.table(schema, table), col)) {
                execute(c, statement);
            }
        }
        columnsByTable.put(table, read(c, table));
        return true;
    }

    /** A name the target would not keep exactly (cut, changed) is refused: its rows are dead-lettered (cause schema). */
    private void refuseNamesTheTargetWouldChange(String table, List<Column> columns) throws SchemaMismatchException {
        java.util.Optional<String> problem = dialect.identifierProblem(table);
        for (int i = 0; problem.isEmpty() && columns != null && i < columns.size(); i++) {
            problem = dialect.identifierProblem(columns.get(i).name());
        }
        if (problem.isPresent()) {
            throw new SchemaMismatchException("target table " + schema + "." + table + ": " + problem.get());
        }
    }

    /** Forgets what it knew (after a reconnect, the target may have changed). */
    void forget() {
        columnsByTable.clear();
    }

    private void execute(Connection c, String ddlStatement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(ddlStatement);
        }
        c.commit();
    }

    private boolean schemaExists(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        boolean catalogs = !meta.getDatabaseProductName().toLowerCase().contains("postgres");
        try (ResultSet rs = catalogs ? meta.getCatalogs() : meta.getSchemas()) {
            while (rs.next()) {
                if (schema.equals(rs.getString(1))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The table's column names, empty when it does not exist. */
    private Set<String> read(Connection c, String table) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        // MariaDB/MySQL call a database a catalog; PostgreSQL has schemas. Names are patterns: filter exactly.
        boolean catalogs = !meta.getDatabaseProductName().toLowerCase().contains("postgres");
        Set<String> columns = new HashSet<>();
        try (ResultSet rs = catalogs ? meta.getColumns(schema, null, table, null) : meta.getColumns(null, schema, table, null)) {
            while (rs.next()) {
                if (table.equals(rs.getString("TABLE_NAME"))) {
                    columns.add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        return columns;
    }

    /**
     * The target lacks a table or column the rows need and the DDL mode does not allow adding it:
     * the rows are dead-lettered with cause {@code schema}.
     */
    static final class SchemaMismatchException extends SQLException {
        SchemaMismatchException(String message) {
            super(message, "42703");
        }
    }
}
