package dev.ferry.ops.schema;

import dev.ferry.ops.config.DbType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Reads the schema objects of one table from a database's catalog (source or target alike). */
interface CatalogReader {

    /**
     * The table's objects beside its columns and primary key, in the table's own column names;
     * empty when the table does not exist.
     */
    List<SchemaObject> objects(Connection c, String schema, String table) throws SQLException;

    /** Whether the table exists. */
    boolean exists(Connection c, String schema, String table) throws SQLException;

    static CatalogReader of(DbType type) {
        return type == DbType.POSTGRES ? new PostgresCatalog() : new MariaDbCatalog();
    }
}
