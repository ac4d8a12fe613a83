package dev.ferry.capture;

import dev.ferry.schemas.kafka.KafkaSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Everything one capture engine needs, already validated by whoever built it.
 *
 * @param source the source's name (part of topic names and of the engine name)
 * @param type the kind of database
 * @param jdbcUrl JDBC URL of the source database ({@code jdbc:postgresql://host:port/db})
 * @param user database user, with replication rights
 * @param password database password; may be empty, never null
 * @param tables the captured tables as {@code schema.table}; never empty
 * @param snapshot snapshot mode
 * @param kafka where the raw topics, offsets and registry are
 */
public record CaptureConfig(String source, SourceType type, String jdbcUrl, String user, String password,
                            List<String> tables, SnapshotMode snapshot, KafkaSettings kafka) {

    public CaptureConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        tables = List.copyOf(tables);
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("source " + source + " captures no table");
        }
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(kafka, "kafka");
    }

    /** A new JDBC connection to the source database, as the configured user. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    /** The raw topic of a captured table ({@code schema.table}). */
    public String rawTopic(String table) {
        int dot = table.indexOf('.');
        return kafka.topics().raw(source, table.substring(0, dot), table.substring(dot + 1));
    }

    /**
     * The PostgreSQL replication slot and publication of this source: {@code <prefix>_<source>},
     * lower case, other characters as {@code _}.
     */
    public String replicationSlot() {
        return (kafka.topics().prefix() + "_" + source).toLowerCase().replaceAll("[^a-z0-9_]", "_");
    }

    /**
     * The signalling table Debezium uses for incremental-snapshot watermarks, as
     * {@code schema.table} (PostgreSQL) or {@code database.table} (MariaDB/MySQL): named
     * {@code <replicationSlot>_signal}, in the schema (database) of the first captured table.
     */
    public String signalTable() {
        String first = tables.get(0);
        return first.substring(0, first.indexOf('.')) + "." + replicationSlot() + "_signal";
    }

    /**
     * The binlog replica id of this source (MariaDB/MySQL {@code server_id}): stable for a
     * prefix and source, between 100,000 and 2,000,099,999, so two sources or two pipelines
     * reading the same server do not collide (a collision would make the server drop one of them).
     */
    public long binlogServerId() {
        return 100_000L + Math.floorMod((kafka.topics().prefix() + "/" + source).hashCode(), 2_000_000_000);
    }

    @Override
    public String toString() {
        return "CaptureConfig[source=" + source + ", type=" + type + ", url=" + jdbcUrl + ", user=" + user
                + ", password=****, tables=" + tables + ", snapshot=" + snapshot + "]";
    }
}
