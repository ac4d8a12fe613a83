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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL through Debezium's connector with {@code pgoutput}: a replication slot and a
 * publication per Ferry source, named after the topic prefix and the source, created by Debezium
 * for exactly the configured tables. The publication publishes a partitioned table's changes under
 * the partitioned table itself ({@code publish_via_partition_root}), so a partitioned table is one
 * captured table, in the snapshot (Debezium reads the parent, which holds every partition's rows)
 * and in the stream alike; its partitions are never captured on their own.
 */
final class PostgresSource implements SourceDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSource.class);

    @Override
    public Properties connectorProperties(CaptureConfig config, SnapshotPlan plan) {
        String slot = config.replicationSlot();
        Properties p = connection(config);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("database.password", config.password());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("publication.name", slot);
        p.setProperty("publication.autocreate.mode", "filtered");
        // Without it, pgoutput sends a partitioned table's changes under the partition's name, which is
        // not a captured table: they would never reach the target. Debezium sets it only when it
        // creates the publication; prepare() sets it on one that exists.
        p.setProperty("publish.via.partition.root", "true");
        // With "filtered", Debezium creates the publication for exactly these tables and, when it
        // exists already, sets its tables to them on start: a table added to the config is published.
        p.setProperty("table.include.list", SourceDatabase.tableIncludeList(config));
        // Exact values: decimals as decimals, microsecond times, binary as bytes.
        p.setProperty("decimal.handling.mode", "precise");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        // Every other type travels as PostgreSQL's text of the value with its exact type (PgTextConverter);
        // types Debezium does not know reach the converter as text instead of being dropped.
        p.setProperty("converters", "pgtext");
        p.setProperty("pgtext.type", PgTextConverter.class.getName());
        p.setProperty("pgtext.url", config.jdbcUrl());
        p.setProperty("pgtext.user", config.user());
        p.setProperty("pgtext.password", config.password());
        p.setProperty("include.unknown.datatypes", "true");
        snapshot(config, plan, p);
        p.setProperty("snapshot.fetch.size", "10240");
        return p;
    }

    /**
     * Where and how Debezium connects: host, port and database of the JDBC URL, the user, and the
     * URL's driver parameters ({@code sslmode=verify-full}, {@code sslrootcert}, ...) as
     * {@code database.<name>}, which Debezium's snapshot and replication connections both use.
     */
    static Properties connection(CaptureConfig config) {
        JdbcLocation location = JdbcLocation.parse(config.jdbcUrl(), 5432);
        Properties p = new Properties();
        location.parameters().forEach((name, value) -> p.setProperty("database." + name, value));
        p.setProperty("database.hostname", location.host());
        p.setProperty("database.port", String.valueOf(location.port()));
        p.setProperty("database.dbname", location.database());
        p.setProperty("database.user", config.user());
        return p;
    }

    /**
     * The first snapshot: the chunked tables of {@link #snapshotPlan} are left to the incremental
     * snapshot Ferry asks for at first start; Debezium's initial snapshot reads only the one-pass
     * tables (none: {@code no_data}), with their text selects.
     */
    private static void snapshot(CaptureConfig config, SnapshotPlan plan, Properties p) {
        if (config.snapshot() != SnapshotMode.INITIAL || plan.onePass().isEmpty()) {
            p.setProperty("snapshot.mode", "no_data");
            return;
        }
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("snapshot.include.collection.list", SourceDatabase.collectionList(plan.onePass()));
        snapshotOverrides(config, p);
    }

    /**
     * A table goes chunked when it has at least {@link SnapshotPlan#CHUNKED_MIN_ROWS} rows (estimated)
     * and none of its columns needs a text select: then Debezium's chunk query ({@code SELECT *},
     * JDBC values) reads exactly what the one-pass snapshot would. A
     * column Ferry carries as PostgreSQL text (numeric, dates and times, money, arrays, ...) keeps
     * the table one-pass, since JDBC hands some of their values over changed (money as a double,
     * dates of October 1582 moved by the Julian calendar).
     */
    @Override
    public SnapshotPlan snapshotPlan(CaptureConfig config) {
        List<String> chunked = new ArrayList<>();
        List<String> onePass = new ArrayList<>();
        try (Connection c = config.connect()) {
            for (String table : config.tables()) {
                boolean exact = PgTextConverter.snapshotSelect(c, table).isEmpty();
                (exact && estimateRows(config, table) >= SnapshotPlan.CHUNKED_MIN_ROWS ? chunked : onePass).add(table);
            }
        } catch (SQLException e) {
            throw new CaptureException("cannot read the column types of the source tables: " + e.getMessage(), e);
        }
        return new SnapshotPlan(chunked, onePass);
    }

    /** The snapshot reads the columns carried as text as PostgreSQL's text ({@link PgTextConverter#snapshotSelect}). */
    private static void snapshotOverrides(CaptureConfig config, Properties p) {
        List<String> overridden = new ArrayList<>();
        try (Connection c = config.connect()) {
            for (String table : config.tables()) {
                Optional<String> select = PgTextConverter.snapshotSelect(c, table);
                // Debezium parses each listed name as a table id and looks its statement up by the same
                // text: quoted, so that a name with spaces, dots or capitals is one identifier. A name
                // with a comma or a double quote cannot be listed (Debezium splits the list on commas).
                int dot = table.indexOf('.');
                String id = "\"" + table.substring(0, dot) + "\".\"" + table.substring(dot + 1) + "\"";
                if (select.isPresent() && table.indexOf(',') < 0 && table.indexOf('"') < 0) {
                    p.setProperty("snapshot.select.statement.overrides." + id, select.get());
                    overridden.add(id);
                }
            }
        } catch (SQLException e) {
            throw new CaptureException("cannot read the column types of the source tables: " + e.getMessage(), e);
        }
        if (!overridden.isEmpty()) {
            p.setProperty("snapshot.select.statement.overrides", String.join(",", overridden));
        }
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
     * {@code UPDATE} and {@code DELETE} on the table, and the change stream would carry no key. A
     * partitioned table in a publication without {@code publish_via_partition_root} (one that
     * {@link #prepare} could not alter): its changes would carry the partitions' names.
     */
    @Override
    public Optional<String> tableProblem(Connection c, CaptureConfig config, String table) throws SQLException {
        String sql = "SELECT c.relreplident, c.relkind = 'p',"
                + " (SELECT p.pubviaroot FROM pg_publication p WHERE p.pubname = ?)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, config.replicationSlot());
            s.setString(2, table.substring(0, table.indexOf('.')));
            s.setString(3, table.substring(table.indexOf('.') + 1));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if ("n".equals(rs.getString(1))) {
                    return Optional.of("has REPLICA IDENTITY NOTHING: once published, PostgreSQL would refuse UPDATE"
                            + " and DELETE on it; ALTER TABLE ... REPLICA IDENTITY DEFAULT");
                }
                boolean partitioned = rs.getBoolean(2);
                boolean viaRoot = rs.getBoolean(3);
                boolean publicationExists = !rs.wasNull();
                // A publication Debezium has yet to create gets the option from publish.via.partition.root.
                if (partitioned && publicationExists && !viaRoot) {
                    return Optional.of("is partitioned, and publication " + config.replicationSlot()
                            + " publishes its changes under each partition's name, which capture would never see;"
                            + " ALTER PUBLICATION " + config.replicationSlot() + " SET (publish_via_partition_root = true)");
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
    public ColumnFacts columnFacts(CaptureConfig config) {
        return new PostgresColumnFacts(config);
    }

    @Override
    public boolean databasesAreCatalogs() {
        return false;
    }

    @Override
    public void prepare(CaptureConfig config) {
        SignalTable.ensure(config, '"');
        publishViaPartitionRoot(config);
    }

    /**
     * Sets {@code publish_via_partition_root} on this source's publication when it exists without it
     * (Debezium only sets it when it creates one). Logs when the source refuses; the table check then
     * refuses a partitioned table with what to run.
     */
    private static void publishViaPartitionRoot(CaptureConfig config) {
        String publication = config.replicationSlot();
        try (Connection c = config.connect();
             PreparedStatement s = c.prepareStatement("SELECT pubviaroot FROM pg_publication WHERE pubname = ?")) {
            s.setString(1, publication);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || rs.getBoolean(1)) {
                    return;
                }
            }
            try (var alter = c.createStatement()) {
                alter.execute("ALTER PUBLICATION \"" + publication.replace("\"", "\"\"")
                        + "\" SET (publish_via_partition_root = true)");
            }
        } catch (SQLException e) {
            LOG.warn("source {}: cannot set publish_via_partition_root on publication {}: {}",
                    config.source(), publication, e.getMessage());
        }
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
