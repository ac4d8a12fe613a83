package dev.ferry.capture;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What capture needs to know about one kind of source database: how to configure its Debezium
 * connector, what to prepare in the source before the engine starts, and how to estimate a
 * table's size for snapshot progress. One final implementation per database, chosen by
 * {@link #of(SourceType)}.
 */
interface SourceDatabase {

    /**
     * Connector-specific Debezium properties (connector class, connection, slot or server id,
     * schema history, type handling, table filter). The table filter includes
     * {@link CaptureConfig#signalTable()}. Debezium's initial snapshot reads the one-pass tables of
     * {@code plan}; its chunked tables are left to the chunked first snapshot.
     */
    Properties connectorProperties(CaptureConfig config, SnapshotPlan plan);

    /**
     * Prepares the source before the engine starts: creates the signalling table
     * {@link CaptureConfig#signalTable()} when it is missing. Never throws: when Ferry lacks the
     * right, it logs what the user must create and goes on (incremental snapshots then fail with
     * Debezium's message, streaming is unaffected).
     */
    void prepare(CaptureConfig config);

    /**
     * A cheap estimate of the rows in a table ({@code schema.table}), for snapshot progress.
     *
     * @return the estimate, or -1 when it cannot be had
     */
    long estimateRows(CaptureConfig config, String table);

    /**
     * What is wrong with the server's settings for capture (for example the WAL level or the binary
     * log format), one line each with what to change; empty when capture can run.
     */
    List<String> settingProblems(Connection c, CaptureConfig config) throws SQLException;

    /**
     * What else keeps an existing table with a primary key ({@code schema.table}) from being
     * captured safely, worded to follow "table T"; empty when nothing does.
     */
    default Optional<String> tableProblem(Connection c, CaptureConfig config, String table) throws SQLException {
        return Optional.empty();
    }

    /**
     * Which tables the first snapshot reads in resumable chunks and which in one pass, decided at
     * the first start; every table in one pass unless the source says otherwise.
     *
     * @throws CaptureException when the source cannot be read
     */
    default SnapshotPlan snapshotPlan(CaptureConfig config) {
        return SnapshotPlan.onePass(config.tables());
    }

    /** What the source's catalog adds to Debezium's description of a table's columns. */
    default ColumnFacts columnFacts(CaptureConfig config) {
        return ColumnFacts.NONE;
    }

    /**
     * The real column names of a table's key and row fields ({@code schema.table}), where the
     * connector names a field otherwise than its column; read once per schema version of the table.
     */
    default dev.ferry.schemas.connect.ColumnNaming columnNaming(Connection c, String table) throws SQLException {
        return dev.ferry.schemas.connect.ColumnNaming.AS_NAMED;
    }

    /**
     * True when the JDBC driver calls the first part of {@code database.table} a catalog (MariaDB,
     * MySQL), false when it is a schema (PostgreSQL).
     */
    boolean databasesAreCatalogs();

    /**
     * Debezium's {@code table.include.list}: every captured table and the signalling table, each
     * as an anchored regular expression.
     */
    static String tableIncludeList(CaptureConfig config) {
        java.util.List<String> all = new java.util.ArrayList<>(config.tables());
        all.add(config.signalTable());
        return collectionList(all);
    }

    /** A Debezium collection list naming exactly {@code tables}: each an anchored literal regular expression. */
    static String collectionList(java.util.List<String> tables) {
        return String.join(",", tables.stream().map(t -> "^" + literalRegex(t) + "$").toList());
    }

    /**
     * A regular expression matching exactly {@code name}: every character outside
     * {@code [A-Za-z0-9_]} written as {@code \x{hex}}, so that a table name with a dot, a comma
     * (Debezium splits its lists on commas) or any regex character matches only itself.
     */
    static String literalRegex(String name) {
        StringBuilder b = new StringBuilder(name.length() + 8);
        name.codePoints().forEach(cp -> {
            if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_') {
                b.append((char) cp);
            } else {
                b.append("\\x{").append(Integer.toHexString(cp)).append('}');
            }
        });
        return b.toString();
    }

    static SourceDatabase of(SourceType type) {
        return switch (type) {
            case POSTGRES -> new PostgresSource();
            case MARIADB -> BinlogSource.mariaDb();
            case MYSQL -> BinlogSource.mySql();
        };
    }
}
