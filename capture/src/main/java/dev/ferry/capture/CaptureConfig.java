package dev.ferry.capture;

import dev.ferry.schemas.kafka.KafkaSettings;
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

    @Override
    public String toString() {
        return "CaptureConfig[source=" + source + ", type=" + type + ", url=" + jdbcUrl + ", user=" + user
                + ", password=****, tables=" + tables + ", snapshot=" + snapshot + "]";
    }
}
