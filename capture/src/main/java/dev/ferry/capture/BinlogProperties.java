package dev.ferry.capture;

import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

/**
 * The Debezium properties MariaDB and MySQL share (both read the binary log): connection, a
 * replica server id per source, schema history in a Kafka topic, no locks during the snapshot,
 * and exact types.
 */
final class BinlogProperties {

    private BinlogProperties() {
    }

    static Properties of(CaptureConfig config, String connectorClass, int defaultPort) {
        JdbcLocation location = JdbcLocation.parse(config.jdbcUrl(), defaultPort);
        Properties p = new Properties();
        p.setProperty("connector.class", connectorClass);
        p.setProperty("database.hostname", location.host());
        p.setProperty("database.port", String.valueOf(location.port()));
        p.setProperty("database.user", config.user());
        p.setProperty("database.password", config.password());
        p.setProperty("database.server.id", String.valueOf(config.binlogServerId()));
        p.setProperty("database.include.list", String.join(",", databases(config)));
        p.setProperty("table.include.list", SourceDatabase.tableIncludeList(config));
        p.setProperty("snapshot.mode", config.snapshot() == SnapshotMode.INITIAL ? "initial" : "no_data");
        // No global read lock and no table locks: the snapshot reads each table in a REPEATABLE READ
        // transaction opened at the binlog position it records. DDL run during the snapshot is not
        // guarded against (see the README).
        p.setProperty("snapshot.locking.mode", "none");
        p.setProperty("include.schema.changes", "false");
        // A lost binlog connection is retried every 10 s (default 60 s): a source back from a restart
        // streams again soon.
        p.setProperty("connect.keep.alive.interval.ms", "10000");
        schemaHistory(config, p);
        // Exact values: decimals and unsigned bigints as decimals, microsecond times, binary as bytes,
        // tinyint(1) as boolean (the MariaDB/MySQL spelling of boolean).
        p.setProperty("decimal.handling.mode", "precise");
        p.setProperty("bigint.unsigned.handling.mode", "precise");
        p.setProperty("time.precision.mode", "adaptive_time_microseconds");
        p.setProperty("binary.handling.mode", "bytes");
        p.setProperty("converters", "boolean,signedtime,labels");
        p.setProperty("boolean.type", "io.debezium.connector.binlog.converters.TinyIntOneToBooleanConverter");
        // TIME is a signed span up to 838:59:59, not a time of day: it travels as its own type.
        p.setProperty("signedtime.type", BinlogTimeConverter.class.getName());
        // ENUM and SET labels from the catalog: Debezium's own, parsed from DDL, lose 4-byte characters.
        p.setProperty("labels.type", BinlogEnumConverter.class.getName());
        p.setProperty("labels.url", config.jdbcUrl());
        p.setProperty("labels.user", config.user());
        p.setProperty("labels.password", config.password());
        p.setProperty("snapshot.fetch.size", "10240");
        // YEAR as a number, not a date: the driver cannot make a date of YEAR 0000 (the snapshot would
        // die on it), and Debezium's time adjuster would turn 0000 into 2000 and years below 100 into
        // 19xx/20xx. Without it every year arrives as stored.
        p.setProperty("driver.yearIsDateType", "false");
        p.setProperty("database.yearIsDateType", "false");
        p.setProperty("enable.time.adjuster", "false");
        return p;
    }

    private static void schemaHistory(CaptureConfig config, Properties p) {
        p.setProperty("schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
        p.setProperty("schema.history.internal.kafka.topic", config.kafka().topics().schemaHistory(config.source()));
        p.setProperty("schema.history.internal.kafka.bootstrap.servers", config.kafka().bootstrapServers());
        p.setProperty("schema.history.internal.kafka.topic.replication.factor",
                String.valueOf(config.kafka().replicationFactor()));
        // The history's own producer and consumer need the same TLS/SASL settings as every client.
        config.kafka().clientProperties().forEach((k, v) -> {
            p.setProperty("schema.history.internal.producer." + k, v);
            p.setProperty("schema.history.internal.consumer." + k, v);
        });
    }

    private static Set<String> databases(CaptureConfig config) {
        Set<String> databases = new LinkedHashSet<>();
        config.tables().forEach(t -> databases.add(t.substring(0, t.indexOf('.'))));
        return databases;
    }
}
