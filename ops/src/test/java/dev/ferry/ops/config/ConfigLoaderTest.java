package dev.ferry.ops.config;

import static dev.ferry.ops.config.TestYaml.KAFKA;
import static dev.ferry.ops.config.TestYaml.SOURCES;
import static dev.ferry.ops.config.TestYaml.TARGETS;
import static dev.ferry.ops.config.TestYaml.VALID;
import static dev.ferry.ops.config.TestYaml.parse;
import static dev.ferry.ops.config.TestYaml.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loading valid configurations: values, defaults and conversions. */
class ConfigLoaderTest {

    private static final Map<String, String> ENV = Map.of(
            "KAFKA_PASSWORD", "kafka-pw", "SOURCE_PASSWORD", "source-pw", "TARGET_PASSWORD", "target-pw",
            "REGISTRY_PASSWORD", "registry-pw");

    @Test
    void readsEveryKeyOfACompleteFile() throws ConfigException {
        FerryConfig config = ConfigLoader.load(resource("valid-full.yaml"), ENV);

        KafkaSection kafka = config.kafka();
        assertEquals("kafka1:9092,kafka2:9092", kafka.bootstrapServers());
        assertEquals("http://localhost:8081", kafka.schemaRegistry());
        assertEquals("registry-key", kafka.registryUser());
        assertEquals("registry-pw", kafka.registryPassword().reveal());
        assertEquals("ferry_app", kafka.topicPrefix());
        assertEquals(6, kafka.partitions());
        assertEquals((short) 3, kafka.replicationFactor());
        assertEquals(List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config", "ssl.truststore.password",
                "linger.ms"), List.copyOf(kafka.properties().keySet()));
        assertEquals("SASL_SSL", kafka.properties().get("security.protocol"));
        assertEquals("5", kafka.properties().get("linger.ms"));

        SourceSection legacy = config.sources().get(0);
        assertEquals("legacy", legacy.name());
        assertEquals(DbType.POSTGRES, legacy.type());
        assertEquals("jdbc:postgresql://legacy-db:5432/app", legacy.url());
        assertEquals("ferry", legacy.user());
        assertEquals("source-pw", legacy.password().reveal());
        assertEquals(List.of(new TableName("public", "customers"), new TableName("public", "orders")), legacy.tables());
        assertEquals(SnapshotMode.NEVER, legacy.snapshot());
        assertEquals(new JdbcUrl(DbType.POSTGRES, "legacy-db", 5432, "app"), legacy.jdbcUrl());

        SourceSection shop = config.sources().get(1);
        assertEquals(DbType.MARIADB, shop.type());
        assertEquals(List.of(TableName.parse("shop.carts")), shop.tables());
        assertEquals(Secret.EMPTY, shop.password());

        TargetSection newdb = config.targets().get(0);
        assertEquals("newdb", newdb.name());
        assertEquals("target-pw", newdb.password().reveal());
        assertEquals("app", newdb.schema());
        assertEquals(500, newdb.batchSize());
        assertEquals(0, newdb.batchLingerMs());
        assertEquals(DdlMode.NONE, newdb.ddl());
        assertEquals(ConflictMode.NEWER_WINS, newdb.conflict());
        assertEquals(java.time.Duration.ofSeconds(90), newdb.fkRetry());
        assertEquals(false, newdb.batchLog());

        MappingSection mapping = config.mappings().get(0);
        assertEquals("legacy", mapping.source());
        assertEquals(new TableName("public", "customers"), mapping.sourceTable());
        assertEquals("newdb", mapping.target());
        assertEquals("clients", mapping.targetTable());
        assertEquals(Map.of("email", new ColumnRule("email_address"), "First Name", new ColumnRule("select")),
                mapping.columns());
        assertEquals("email_address", mapping.targetColumn("email"));
        assertEquals("id", mapping.targetColumn("id"));
    }

    @Test
    void readsDdlEvolveAndDurationsInEveryUnit() throws ConfigException {
        for (var entry : Map.of("500ms", java.time.Duration.ofMillis(500), "30s", java.time.Duration.ofSeconds(30),
                "5m", java.time.Duration.ofMinutes(5), "2h", java.time.Duration.ofHours(2), "0", java.time.Duration.ZERO)
                .entrySet()) {
            FerryConfig config = parse(VALID + "    ddl: evolve\n    fk-retry: " + entry.getKey() + "\n");
            assertEquals(DdlMode.EVOLVE, config.targets().get(0).ddl());
            assertEquals(entry.getValue(), config.targets().get(0).fkRetry());
        }
    }

    @Test
    void appliesDefaults() throws ConfigException {
        FerryConfig config = parse(VALID);

        assertEquals("ferry", config.kafka().topicPrefix());
        assertEquals(3, config.kafka().partitions());
        assertEquals((short) 1, config.kafka().replicationFactor());
        assertEquals(Map.of(), config.kafka().properties());
        assertEquals("", config.kafka().registryUser());
        assertEquals(Secret.EMPTY, config.kafka().registryPassword());
        SourceSection source = config.sources().get(0);
        assertEquals(Secret.EMPTY, source.password());
        assertEquals(SnapshotMode.INITIAL, source.snapshot());
        TargetSection target = config.targets().get(0);
        assertEquals(Secret.EMPTY, target.password());
        assertEquals("public", target.schema());
        assertEquals(2000, target.batchSize());
        assertEquals(50, target.batchLingerMs());
        assertEquals(DdlMode.CREATE, target.ddl());
        assertEquals(ConflictMode.LAST_WRITER, target.conflict());
        assertEquals(java.time.Duration.ofMinutes(5), target.fkRetry());
        assertEquals(true, target.batchLog());
        assertEquals(List.of(), config.mappings());
    }

    @Test
    void treatsEmptyValueAsAbsent() throws ConfigException {
        FerryConfig config = parse(KAFKA + """
                  topic-prefix:
                  partitions: ~
                """ + SOURCES + TARGETS + "mappings:\n");

        assertEquals("ferry", config.kafka().topicPrefix());
        assertEquals(3, config.kafka().partitions());
        assertEquals(List.of(), config.mappings());
    }

    @Test
    void defaultsTargetSchemaToUrlDatabaseForMariadbAndMysql() throws ConfigException {
        FerryConfig config = ConfigLoader.load(resource("minimal.yaml"), Map.of());

        assertEquals("public", config.target("newdb").orElseThrow().schema());
        TargetSection archive = config.target("archive").orElseThrow();
        assertEquals(DbType.MYSQL, archive.type());
        assertEquals("archive", archive.schema());
        assertEquals(new JdbcUrl(DbType.MYSQL, "archive-db", 3307, "archive"), archive.jdbcUrl());
    }

    @Test
    void acceptsIntegersWrittenAsStrings() throws ConfigException {
        FerryConfig config = parse(KAFKA + """
                  partitions: "12"
                  replication-factor: '2'
                """ + SOURCES + TARGETS);

        assertEquals(12, config.kafka().partitions());
        assertEquals((short) 2, config.kafka().replicationFactor());
    }

    @Test
    void keepsScalarsExactlyAsWritten() throws ConfigException {
        FerryConfig config = parse(KAFKA + """
                  properties:
                    max.poll.records: 0500
                    some.ratio: 1.10
                    enable.idempotence: yes
                sources:
                  - name: legacy
                    type: postgres
                    url: jdbc:postgresql://legacy-db/app
                    user: 007
                    password: 0123
                    tables: [public.customers]
                """ + TARGETS);

        assertEquals(Map.of("max.poll.records", "0500", "some.ratio", "1.10", "enable.idempotence", "yes"),
                config.kafka().properties());
        assertEquals("007", config.sources().get(0).user());
        assertEquals("0123", config.sources().get(0).password().reveal());
    }

    @Test
    void expandsAliasesOfAnchoredMapsAndLists() throws ConfigException {
        FerryConfig config = parse(KAFKA + """
                  properties: &common
                    acks: all
                sources:
                  - name: legacy
                    type: postgres
                    url: jdbc:postgresql://db/app
                    user: ferry
                    tables: &tables [public.customers, public.orders]
                  - name: replica
                    type: postgres
                    url: jdbc:postgresql://replica/app
                    user: ferry
                    tables: *tables
                """ + TARGETS + """
                mappings:
                  - from: legacy.public.customers
                    to: newdb.customers
                    columns: &renames
                      email: {rename: mail}
                  - from: replica.public.customers
                    to: newdb.replica_customers
                    columns: *renames
                  - from: replica.public.orders
                    to: newdb.replica_orders
                """);

        assertEquals(config.sources().get(0).tables(), config.sources().get(1).tables());
        assertEquals(config.mappings().get(0).columns(), config.mappings().get(1).columns());
        assertEquals(Map.of("acks", "all"), config.kafka().properties());
    }

    @Test
    void prefixesEveryProblemLineWithTheFileName() {
        Path file = resource("five-problems.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals(file.toString(), e.fileName());
        String[] lines = e.getMessage().split("\n");
        assertEquals(e.problems().size(), lines.length);
        for (int i = 0; i < lines.length; i++) {
            assertEquals(file + ": " + e.problems().get(i), lines[i]);
        }
    }

    @Test
    void returnsImmutableConfig() throws ConfigException {
        FerryConfig config = parse(VALID);

        assertThrows(UnsupportedOperationException.class, () -> config.sources().clear());
        assertThrows(UnsupportedOperationException.class, () -> config.kafka().properties().put("a", "b"));
        assertThrows(UnsupportedOperationException.class, () -> config.sources().get(0).tables().clear());
        assertTrue(config.effectiveMappings().stream().allMatch(m -> m.columns().isEmpty()));
    }
}
