package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.registry.RestSchemaRegistry;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.transform.CountingTransformMetrics;
import dev.ferry.transform.mapping.Mask;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * PostgreSQL → Kafka → PostgreSQL through a mapping that renames (to {@code entityId} and to the
 * keyword {@code order}), drops a column, casts text to decimal(10,2), masks e-mail addresses with
 * salted sha256, adds a constant column, filters out deleted customers, and validates with two
 * rules: valid rows land in the target, each invalid one in the transform dead-letter topic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MappingAndValidationTest {

    private static final String SALT = "e2e-salt";
    private static final String MAPPING = """
            masking:
              salt: ${env:FERRY_TEST_SALT}
            mappings:
              - from: legacy.public.customers
                to: fresh.clients
                add: {source_system: legacy}
                filter: "status != 'deleted'"
                columns:
                  id: {rename: entityId}
                  name: {rename: order}
                  notes: {drop: true}
                  amount: {cast: "decimal(10,2)"}
                  email: {mask: sha256}
                validate:
                  - {id: email-format, rule: regex, column: email, pattern: "[^@ ]+@[^@ ]+"}
                  - {id: name-present, rule: not-null, column: name}
                  - {id: short-phone, rule: max-length, column: phone, max: 5, severity: warn}
            """;

    private PostgresPair pg;
    private Pipeline pipeline;
    private String prefix;

    @BeforeAll
    void startPipeline() throws Exception {
        pg = PostgresPair.start("mapping-and-validation");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("""
                    CREATE TABLE customers (id bigint PRIMARY KEY, email text, name text, status text, amount text,
                      notes text, phone text)""");
            s.execute("""
                    INSERT INTO customers VALUES
                      (1, 'ann@x.io', 'Ann', 'active', '10.5', 'note 1', '123'),
                      (2, 'bob@x.io', 'Bob', 'deleted', '3', 'note 2', '123'),
                      (3, 'not an email', 'Cy', 'active', '1', 'note 3', '123'),
                      (4, 'dee@x.io', NULL, 'active', '2', 'note 4', '123'),
                      (5, 'eve@x.io', 'Eve', 'active', 'abc', 'note 5', '123'),
                      (6, 'fay@x.io', 'Zoë ✓', 'active', '7.777', 'note 6', '1234567')""");
        }
        prefix = SharedServices.uniquePrefix("mav");
        var config = ConfigLoader.load(pg.writeConfig(prefix, List.of("public.customers"), MAPPING),
                Map.of("FERRY_TEST_SALT", SALT));
        pipeline = new Pipeline(new StageConfigs(config, pg.dir().resolve("state")), EnumSet.allOf(Stage.class));
        pipeline.start();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void writesValidRowsMappedAndLeavesFilteredAndInvalidOnesOut() throws Exception {
        Map<Long, List<Object>> rows = Await.until("rows 1 and 6 in the target", Duration.ofSeconds(180),
                this::targetRows, r -> r.keySet().equals(java.util.Set.of(1L, 6L)));

        Mask sha = new Mask(Mask.Kind.SHA256, SALT);
        assertEquals(List.of("Ann", sha.apply("ann@x.io"), new BigDecimal("10.50"), "legacy"), rows.get(1L));
        assertEquals(List.of("Zoë ✓", sha.apply("fay@x.io"), new BigDecimal("7.78"), "legacy"), rows.get(6L));
        assertEquals(List.of("entityId", "email", "order", "status", "amount", "phone", "source_system"), targetColumns(),
                "notes is dropped");
    }

    @Test
    @Order(2)
    void deadLettersEachInvalidRowWithTheFailedRule() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> dead = Await.until("three dead letters", Duration.ofSeconds(60),
                this::deadLetters, d -> d.size() >= 3);

        assertEquals(3, dead.size());
        AvroCodec codec = new AvroCodec(new RestSchemaRegistry(SharedServices.get().registryUrl()));
        Map<Long, ConsumerRecord<byte[], byte[]>> byId = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            GenericRecord envelope = (GenericRecord) codec.decode(r.value()).datum();
            Long id = (Long) ((GenericRecord) envelope.get("after")).get("id");
            byId.put(id, r);
            assertEquals(id, ((GenericRecord) codec.decode(r.key()).datum()).get("id"),
                    "the original raw key (source column id, not entityId) is kept");
        }
        assertEquals(List.of(3L, 4L, 5L), List.copyOf(byId.keySet()));
        assertEquals("email-format", header(byId.get(3L), DeadLetterHeaders.RULE));
        assertEquals("name-present", header(byId.get(4L), DeadLetterHeaders.RULE));
        assertEquals("columns.amount.cast", header(byId.get(5L), DeadLetterHeaders.RULE));
        assertEquals("columns.amount.cast: column amount: cannot cast 'abc' to decimal(10,2): not a number",
                header(byId.get(5L), DeadLetterHeaders.ERROR_MESSAGE));
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            assertEquals("transform", header(r, DeadLetterHeaders.STAGE));
            assertEquals("validation", header(r, DeadLetterHeaders.ERROR_CAUSE));
            assertEquals("error", header(r, DeadLetterHeaders.ERROR_SEVERITY));
            assertEquals(prefix + ".legacy.public.customers", header(r, DeadLetterHeaders.ORIGIN_TOPIC));
            assertTrue(Long.parseLong(header(r, DeadLetterHeaders.ORIGIN_OFFSET)) >= 0);
            assertTrue(Integer.parseInt(header(r, DeadLetterHeaders.ORIGIN_PARTITION)) >= 0);
            assertEquals("fresh", header(r, DeadLetterHeaders.TARGET));
            assertEquals("1", header(r, DeadLetterHeaders.ATTEMPTS));
            assertTrue(Instant.parse(header(r, DeadLetterHeaders.FAILED_AT)).isAfter(Instant.now().minusSeconds(600)));
            assertTrue(header(r, DeadLetterHeaders.ERROR_CLASS).startsWith("dev.ferry.transform."));
        }
    }

    @Test
    @Order(3)
    void removesARowThatStopsPassingTheFilterAndCountsEveryOutcome() throws Exception {
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.executeUpdate("UPDATE customers SET status = 'deleted' WHERE id = 1");
            s.executeUpdate("INSERT INTO customers VALUES (7, 'gil@x.io', 'Gil', 'active', '0', NULL, NULL)");
        }
        Await.until("row 1 gone and row 7 there", Duration.ofSeconds(120), this::targetRows,
                r -> r.keySet().equals(java.util.Set.of(6L, 7L)));

        CountingTransformMetrics.Counts counts = ((CountingTransformMetrics) pipeline.transform().metrics())
                .counts("fresh.clients");
        assertEquals(3, counts.valid());
        assertEquals(2, counts.filtered());
        assertEquals(3, counts.invalid());
        assertEquals(Map.of("email-format", 1L, "name-present", 1L, "columns.amount.cast", 1L), counts.invalidByRule());
        assertEquals(Map.of("short-phone", 1L), counts.warnedByRule());
    }

    @Test
    @Order(4)
    void untouchedToastedColumnTravelsAsUnchangedAndKeepsItsTargetValue() throws Exception {
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            // About 20 kB of hex: compresses too little to stay inline, so PostgreSQL TOASTs it.
            s.executeUpdate("INSERT INTO customers VALUES (8, 'hal@x.io', (SELECT string_agg(md5(i::text), '')"
                    + " FROM generate_series(1, 640) i), 'active', '1', NULL, NULL)");
            s.executeUpdate("UPDATE customers SET status = 'vip' WHERE id = 8");
        }
        String topic = prefix + ".fresh.clients";
        AvroCodec codec = new AvroCodec(new RestSchemaRegistry(SharedServices.get().registryUrl()));
        List<ConsumerRecord<byte[], byte[]>> changes = Await.until("the update of row 8 on " + topic,
                Duration.ofSeconds(120), () -> read(topic).stream()
                        .filter(r -> ((GenericRecord) codec.decode(r.key()).datum()).get("entityId").equals(8L)).toList(),
                r -> r.size() >= 2);

        ConsumerRecord<byte[], byte[]> insert = changes.get(0);
        ConsumerRecord<byte[], byte[]> update = changes.get(1);
        assertEquals(20_480, ((GenericRecord) codec.decode(insert.value()).datum()).get("order").toString().length());
        assertNull(header(insert, dev.ferry.schemas.FerryHeaders.UNCHANGED_COLUMNS));
        GenericRecord updated = (GenericRecord) codec.decode(update.value()).datum();
        assertEquals("vip", updated.get("status").toString());
        assertNull(updated.get("order"), "the placeholder never reaches the mapped topic");
        assertEquals("order", header(update, dev.ferry.schemas.FerryHeaders.UNCHANGED_COLUMNS));

        // The sink applies it as a partial update: the new status lands, the untouched column keeps its value.
        List<Object> row = Await.until("the update of row 8 in the target", Duration.ofSeconds(120), () -> {
            try (Connection target = pg.target(); Statement s = target.createStatement();
                 ResultSet rs = s.executeQuery("SELECT status, \"order\" FROM clients WHERE \"entityId\" = 8")) {
                return rs.next() ? java.util.Arrays.<Object>asList(rs.getString(1), rs.getString(2)) : List.<Object>of();
            }
        }, r -> !r.isEmpty() && "vip".equals(r.get(0)));
        assertEquals(20_480, ((String) row.get(1)).length(), "the target kept the TOASTed value");
    }

    @Test
    @Order(5)
    void verifyReportsIdenticalThroughRenamesCastsMasksFiltersAndDeadLetters() throws Exception {
        var verifier = new dev.ferry.ops.verify.Verifier(pipeline.configs(), Duration.ofSeconds(5));
        var report = Await.until("verify identical", Duration.ofSeconds(60), () -> verifier.verify(List.of(), t -> { }),
                dev.ferry.ops.verify.VerifyReport::identical);
        assertEquals(report.tables().get(0).sourceRows(), report.tables().get(0).targetRows(), report.toText());
        long tampered = targetRows().keySet().iterator().next();
        try (Connection target = pg.target(); Statement s = target.createStatement()) {
            s.executeUpdate("UPDATE clients SET email = 'not-the-mask' WHERE \"entityId\" = " + tampered);
        }
        var differing = new dev.ferry.ops.verify.Verifier(pipeline.configs(), Duration.ofSeconds(1)).verify(List.of(), t -> { });
        assertEquals(List.of(new dev.ferry.ops.verify.Difference(dev.ferry.ops.verify.Difference.Kind.CHANGED,
                "entityId=" + tampered, List.of("email"))), differing.tables().get(0).differences(), differing.toText());
    }

    private Map<Long, List<Object>> targetRows() throws Exception {
        Map<Long, List<Object>> rows = new TreeMap<>();
        try (Connection target = pg.target(); Statement s = target.createStatement()) {
            ResultSet exists = s.executeQuery("SELECT to_regclass('public.clients') IS NOT NULL");
            exists.next();
            if (!exists.getBoolean(1)) {
                return rows;
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT \"entityId\", \"order\", email, amount, source_system FROM clients ORDER BY 1")) {
                while (rs.next()) {
                    rows.put(rs.getLong(1), List.of(rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5)));
                }
            }
        }
        return rows;
    }

    private List<String> targetColumns() throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection target = pg.target(); Statement s = target.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'clients' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        return read(prefix + ".dlq.transform");
    }

    /** Every committed record of a topic, partition by partition. */
    private List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServices.get().bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
