package dev.ferry.sink.dialect;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.sink.Column;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of one database family: statement shapes, type mapping and value binding. Nothing
 * else: connections, batching and retries live in the sink. Chosen once from the JDBC URL.
 */
public interface Dialect {

    /** Quotes an identifier so any name works (keywords, mixed case, spaces, embedded quotes). */
    String quote(String identifier);

    /**
     * Why the database would not keep {@code identifier} exactly as a table or column name (for
     * example PostgreSQL cuts names after 63 bytes without an error); empty when it would.
     */
    default Optional<String> identifierProblem(String identifier) {
        return Optional.empty();
    }

    /** The qualified, quoted name of a table in a schema (or database). */
    default String table(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    /** The column type that holds values of {@code type} exactly; {@code key} when the column is in the primary key. */
    String columnType(ColumnType type, boolean key);

    /** {@code CREATE TABLE IF NOT EXISTS} with the primary key. */
    String createTable(String qualifiedTable, List<Column> columns, List<String> keyColumns);

    /**
     * The statements of {@code ALTER TABLE ... ADD COLUMN}, run in order; the column is always
     * nullable. Existing rows get the column's {@link Column#addedValue()} (else NULL), or, for a
     * column the dialect {@link #generates}, their computed value.
     */
    List<String> addColumn(String qualifiedTable, Column column);

    /**
     * Whether a table this dialect creates computes {@code column} itself (a generated column with
     * the source's expression): the sink then never writes it.
     */
    default boolean generates(Column column) {
        return false;
    }

    /**
     * A statement inserting {@code rows} rows of {@code columns} that updates the other listed
     * columns of a row whose key already exists; columns not listed keep the target's value (that
     * is how a partial update is written). Parameters: row by row, column by column.
     *
     * @param guardColumn null for last-writer-wins; else a BIGINT column of {@code columns} holding
     *     the source position: an existing row is only updated when its position is null, the
     *     new one is null, or its position is not greater than the new one
     */
    String upsert(String qualifiedTable, List<Column> columns, List<String> keyColumns, int rows, String guardColumn);

    /** A statement deleting {@code rows} rows by key. Parameters: row by row, key column by key column. */
    String delete(String qualifiedTable, List<Column> keyColumns, int rows);

    /**
     * A statement deleting one row by key, only when its source position (in {@code guardColumn})
     * is null or not greater than the delete's. Parameters: the key columns, then the position.
     */
    String guardedDelete(String qualifiedTable, List<Column> keyColumns, String guardColumn);

    /** Empties a table (a source {@code TRUNCATE}). */
    default String truncate(String qualifiedTable) {
        return "TRUNCATE TABLE " + qualifiedTable;
    }

    /** Marks every row of a table deleted (a source {@code TRUNCATE} under a soft-delete mapping). */
    default String markAllDeleted(String qualifiedTable, String softDeleteColumn) {
        return "UPDATE " + qualifiedTable + " SET " + quote(softDeleteColumn) + " = TRUE";
    }

    /** {@code CREATE TABLE IF NOT EXISTS} of the batch log (see {@link #insertBatchLog}). */
    String createBatchLog(String qualifiedTable);

    /**
     * Inserts one batch-log row. Parameters: table, partition, first offset, last offset, rows,
     * outcome, error, cause, dead-letter topic (written_at is the database's clock).
     */
    default String insertBatchLog(String qualifiedTable) {
        return "INSERT INTO " + qualifiedTable + " (" + quote("table_name") + ", " + quote("partition_id") + ", "
                + quote("first_offset") + ", " + quote("last_offset") + ", " + quote("row_count") + ", "
                + quote("outcome") + ", " + quote("error") + ", " + quote("cause") + ", " + quote("dead_letter_topic")
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    /**
     * Binds one plain Java value (as {@link ColumnType#toJava} returns it) or null.
     *
     * @throws java.sql.SQLDataException (SQLState class 22) when this database cannot hold the value
     *     exactly (for example NaN in MariaDB); the row is then dead-lettered with cause {@code type}
     */
    void bind(PreparedStatement statement, int index, ColumnType type, Object value) throws SQLException;

    /** Most bind parameters the database takes in one statement. */
    int maxParameters();

    /**
     * A query with one parameter (the schema) answering whether the current user may create tables
     * there; empty where the database cannot answer exactly (MariaDB's grants may be patterns).
     */
    Optional<String> createPrivilegeQuery();

    /**
     * The JDBC properties that bound every wait on a target connection, in this driver's units.
     *
     * @param connect longest wait to open a connection
     * @param socket longest wait for any answer on an open connection (a half-open connection ends with it)
     * @param statement longest one statement may run before the server cancels it
     */
    java.util.Properties timeouts(String jdbcUrl, java.time.Duration connect, java.time.Duration socket,
                                  java.time.Duration statement);

    /** The dialect for a JDBC URL: {@code jdbc:postgresql:}, {@code jdbc:mariadb:} or {@code jdbc:mysql:}. */
    static Dialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return new MariaDbDialect();
        }
        throw new IllegalArgumentException("no SQL dialect for " + jdbcUrl
                + " (supported: jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:)");
    }
}
