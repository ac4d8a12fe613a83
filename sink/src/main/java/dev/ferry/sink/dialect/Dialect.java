package dev.ferry.sink.dialect;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.sink.Column;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL of one database family: statement shapes, type mapping and value binding. Nothing
 * else: connections, batching and retries live in the sink. Chosen once from the JDBC URL.
 */
public interface Dialect {

    /** Quotes an identifier so any name works (keywords, mixed case, spaces). */
    String quote(String identifier);

    /** The qualified, quoted name of a table in a schema (or database). */
    default String table(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /** The column type that holds values of {@code type} exactly. */
    String columnType(ColumnType type);

    /** {@code CREATE TABLE IF NOT EXISTS} with the primary key. */
    String createTable(String qualifiedTable, List<Column> columns, List<String> keyColumns);

    /**
     * A statement inserting {@code rows} rows of {@code columns} that updates the non-key columns
     * of a row whose key already exists. Parameters: row by row, column by column.
     */
    String upsert(String qualifiedTable, List<Column> columns, List<String> keyColumns, int rows);

    /** A statement deleting {@code rows} rows by key. Parameters: row by row, key column by key column. */
    String delete(String qualifiedTable, List<Column> keyColumns, int rows);

    /** Binds one plain Java value (as {@link ColumnType#toJava} returns it) or null. */
    void bind(PreparedStatement statement, int index, ColumnType type, Object value) throws SQLException;

    /** Most bind parameters the database takes in one statement. */
    int maxParameters();

    /** The dialect for a JDBC URL. */
    static Dialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        throw new IllegalArgumentException("no SQL dialect for " + jdbcUrl + " (supported: jdbc:postgresql:)");
    }
}
