package dev.ferry.capture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;

/**
 * PostgreSQL through Debezium's connector with {@code pgoutput}: a replication slot and a
 * publication per Ferry source, named after the topic prefix and the source, created by Debezium
 * for exactly the configured tables.
 */
final class PostgresSource implements SourceDatabase {

    @Override
    public Properties connectorProperties(CaptureConfig config) {
        JdbcLocation location = JdbcLocation.parse(config.jdbcUrl(), 5432);
        String slot = config.replicationSlot();
        Properties p = new Properties();
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("database.hostname", location.host());
        p.setProperty("database.port", String.valueOf(location.port()));
        p.setProperty("database.dbname", location.database());
        p.setProperty("database.user", config.user());
        p.setProperty("database.password", config.password());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("publication.name", slot);
        p.setProperty("publication.autocreate.mode", "filtered");
        // With "filtered", Debezium creates the publication for exactly these tables and, when it
        // exists already, sets its tables to them on start: a table added to the config is published.
        p.setProperty("table.include.list", SourceDatabase.tableIncludeList(config));
        p.setProperty("snapshot.mode", config.snapshot() == SnapshotMode.INITIAL ? "initial" : "no_data");
        // Exact values: decimals as decimals, microsecond times, binary as bytes.
        p.setProperty("decimal.handling.mode", "precise");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("interval.handling.mode", "string");
        p.setProperty("hstore.handling.mode", "json");
        p.setProperty("snapshot.fetch.size", "10240");
        return p;
    }

    @Override
    public void prepare(CaptureConfig config) {
        SignalTable.ensure(config, '"');
    }

    @Override
    public long estimateRows(CaptureConfig config, String table) {
        int dot = table.indexOf('.');
        String sql = "SELECT c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?";
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, table.substring(0, dot));
            s.setString(2, table.substring(dot + 1));
            try (ResultSet rs = s.executeQuery()) {
                long estimate = rs.next() ? rs.getLong(1) : -1;
                // reltuples is -1 (or 0) until the table was vacuumed or analyzed: count instead.
                return estimate > 0 ? estimate : count(c, table);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        int dot = table.indexOf('.');
        String quoted = "\"" + table.substring(0, dot).replace("\"", "\"\"") + "\".\"" + table.substring(dot + 1).replace("\"", "\"\"") + "\"";
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quoted)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
