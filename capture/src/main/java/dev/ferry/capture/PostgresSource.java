package dev.ferry.capture;

import dev.ferry.schemas.connect.ColumnNaming;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /**
     * {@code wal_level} must be {@code logical}; the user needs the {@code REPLICATION} attribute
     * (or superuser, or Amazon RDS's {@code rds_replication} role); a replication slot must be
     * free unless this source's slot exists already.
     */
    @Override
    public List<String> settingProblems(Connection c, CaptureConfig config) throws SQLException {
        List<String> problems = new ArrayList<>();
        String sql = "SELECT current_setting('wal_level'),"
                + " (SELECT r.rolreplication OR r.rolsuper OR EXISTS (SELECT 1 FROM pg_roles g"
                + "   WHERE g.rolname = 'rds_replication' AND pg_has_role(current_user, g.oid, 'MEMBER'))"
                + "  FROM pg_roles r WHERE r.rolname = current_user),"
                + " current_setting('max_replication_slots')::int - (SELECT count(*) FROM pg_replication_slots),"
                + " EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = ?)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, config.replicationSlot());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (!"logical".equals(rs.getString(1))) {
                    problems.add("wal_level is " + rs.getString(1) + ": capture needs wal_level = logical"
                            + " (postgresql.conf, then restart the server)");
                }
                if (!rs.getBoolean(2)) {
                    problems.add("user " + config.user() + " may not replicate: ALTER ROLE " + config.user() + " REPLICATION");
                }
                if (rs.getInt(3) <= 0 && !rs.getBoolean(4)) {
                    problems.add("no free replication slot (max_replication_slots are all used):"
                            + " raise max_replication_slots or drop an unused slot");
                }
            }
        }
        return problems;
    }

    /**
     * {@code REPLICA IDENTITY NOTHING}: once published, PostgreSQL refuses the application's
     * {@code UPDATE} and {@code DELETE} on the table, and the change stream would carry no key.
     */
    @Override
    public Optional<String> tableProblem(Connection c, String table) throws SQLException {
        String sql = "SELECT c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, table.substring(0, table.indexOf('.')));
            s.setString(2, table.substring(table.indexOf('.') + 1));
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && "n".equals(rs.getString(1))) {
                    return Optional.of("has REPLICA IDENTITY NOTHING: once published, PostgreSQL would refuse UPDATE"
                            + " and DELETE on it; ALTER TABLE ... REPLICA IDENTITY DEFAULT");
                }
            }
        }
        return PostgresColumnNames.problem(PostgresColumnNames.columns(c, table));
    }

    /** Puts right the column names Debezium's stream changes ({@link PostgresColumnNames}). */
    @Override
    public ColumnNaming columnNaming(Connection c, String table) throws SQLException {
        return PostgresColumnNames.naming(PostgresColumnNames.repairs(PostgresColumnNames.columns(c, table)));
    }

    @Override
    public boolean databasesAreCatalogs() {
        return false;
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
        try (Connection c = config.connect();
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
