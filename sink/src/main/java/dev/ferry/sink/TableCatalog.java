package dev.ferry.sink;

import dev.ferry.sink.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows which target tables exist, and creates a missing one from the record schema when the
 * DDL mode allows. Table creation is committed on its own, before the batch that needs it.
 */
final class TableCatalog {

    private final Dialect dialect;
    private final String schema;
    private final DdlMode ddl;
    private final Set<String> existing = ConcurrentHashMap.newKeySet();

    TableCatalog(Dialect dialect, String schema, DdlMode ddl) {
        this.dialect = dialect;
        this.schema = schema;
        this.ddl = ddl;
    }

    /**
     * Makes sure {@code table} exists.
     *
     * @return false when the table is missing and cannot be created from this shape (a delete only
     *     knows the key), so there is nothing to delete
     * @throws MissingTableException when the table is missing and DDL is not allowed
     */
    boolean ensure(Connection c, String table, TableShape shape) throws SQLException {
        if (existing.contains(table)) {
            return true;
        }
        if (exists(c, table)) {
            existing.add(table);
            return true;
        }
        if (shape.columns() == null) {
            return false;
        }
        if (ddl == DdlMode.NONE) {
            throw new MissingTableException("target table " + schema + "." + table + " does not exist and ddl is none");
        }
        List<String> keys = shape.keys().stream().map(Column::name).toList();
        try (Statement s = c.createStatement()) {
            s.execute(dialect.createTable(dialect.table(schema, table), shape.columns(), keys));
        }
        c.commit();
        existing.add(table);
        return true;
    }

    /** Forgets what it knew (after a reconnect, the target may have changed). */
    void forget() {
        existing.clear();
    }

    private boolean exists(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, schema, table, null)) {
            while (rs.next()) {
                if (table.equals(rs.getString("TABLE_NAME"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A table is missing and Ferry may not create it: the rows for it are dead-lettered. */
    static final class MissingTableException extends SQLException {
        MissingTableException(String message) {
            super(message, "42P01");
        }
    }
}
