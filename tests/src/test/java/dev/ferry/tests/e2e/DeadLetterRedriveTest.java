package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.dlq.DeadLetter;
import dev.ferry.ops.dlq.DeadLetterFilter;
import dev.ferry.ops.dlq.DeadLetters;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Dead letters of both stages, handled by an operator with {@code ferry dlq}: rows the target
 * refuses (a check constraint) and a raw record nobody can decode are listed by cause, exported,
 * edited in the file, re-driven, and land in the target; re-driving again sends nothing twice; a
 * record that still fails comes back with one more attempt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterRedriveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PostgresPair pg;
    private Path config;
    private StageConfigs configs;
    private Pipeline pipeline;
    private String prefix;

    @BeforeAll
    void startPipelineWithFailingRecords() throws Exception {
        pg = PostgresPair.start("dead-letter-redrive");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text, qty int)");
            s.execute("INSERT INTO items SELECT g, 'item ' || g, g FROM generate_series(1, 20) g");
            s.execute("INSERT INTO items VALUES (21, 'negative a', -1), (22, 'negative b', -7)");
        }
        try (Connection target = pg.target(); Statement s = target.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text, qty int CHECK (qty >= 0))");
        }
        prefix = SharedServices.uniquePrefix("dlq");
        config = pg.writeConfig(prefix, List.of("public.items"), "");
        configs = new StageConfigs(ConfigLoader.load(config, Map.of()), pg.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
        Await.until("20 valid rows applied", Duration.ofSeconds(180), () -> targetRows(), n -> n == 20);
        produceUndecodableRawRecord();
        Await.until("three dead letters", Duration.ofSeconds(60),
                () -> new DeadLetters(configs).read(DeadLetterFilter.ALL).size(), n -> n == 3);
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
    void listCountsDeadLettersByStageTableAndCause() {
        Cli.Result r = Cli.run("dlq", "list", "--config", config.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("(?s).*sink\\s+items\\s+constraint\\s+-\\s+2\\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*transform\\s+public\\.items\\s+decode\\s+-\\s+1\\n.*"), r.out());
        assertTrue(r.out().contains("3 dead letters"), r.out());
    }

    @Test
    @Order(2)
    void showDecodesRecordsToJsonWithTheirHeaders() throws Exception {
        Cli.Result r = Cli.run("dlq", "show", "--config", config.toString(), "--cause", "constraint", "--limit", "1");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("\"ferry.error.cause\" : \"constraint\""), r.out());
        // Natural JSON: a nullable text is the text, no union wrapper.
        assertTrue(r.out().contains("\"name\" : \"negative "), r.out());
        assertTrue(r.out().contains("1 shown of 2 dead letters"), r.out());
    }

    @Test
    @Order(3)
    void editedExportIsReDrivenIntoTheTargetAndNeverTwice() throws Exception {
        Path file = pg.dir().resolve("dead-letters.jsonl");
        Cli.Result export = Cli.run("dlq", "export", "--config", config.toString(), "--table", "items",
                "--stage", "sink", "--out", file.toString());
        assertEquals(0, export.exit(), export.toString());
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());

        List<String> edited = new ArrayList<>();
        for (String line : lines) {
            ObjectNode record = (ObjectNode) JSON.readTree(line);
            ObjectNode value = (ObjectNode) record.get("value");
            JsonNode qty = value.get("qty");
            if (qty.isObject()) {
                ObjectNode union = (ObjectNode) qty;
                union.set(union.fieldNames().next(), IntNode.valueOf(5));
            } else {
                value.put("qty", 5);
            }
            edited.add(JSON.writeValueAsString(record));
        }
        Files.write(file, edited, StandardCharsets.UTF_8);

        Cli.Result redrive = Cli.run("dlq", "redrive", "--config", config.toString(), "--from-file", file.toString());
        assertEquals(0, redrive.exit(), redrive.toString());
        assertTrue(redrive.out().contains("redrive: 2 sent back"), redrive.out());
        Await.until("re-driven rows in the target", Duration.ofSeconds(60), () -> targetRows(), n -> n == 22);
        try (Connection target = pg.target(); Statement s = target.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM items WHERE id IN (21, 22) AND qty = 5")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
        // The source still holds -1 and -7: verify tells these rows apart from unexplained differences.
        Cli.Result verify = Cli.run("verify", "--config", config.toString(), "--table", "items");
        assertEquals(1, verify.exit(), verify.toString());
        for (String key : List.of("id=21", "id=22")) {
            assertTrue(verify.out().contains("changed: " + key + " [qty] (differs by an edited dead letter, re-driven from "
                    + file + ")"), verify.out());
        }

        Cli.Result again = Cli.run("dlq", "redrive", "--config", config.toString(), "--from-file", file.toString());
        assertTrue(again.out().contains("redrive: 0 sent back, 2 skipped as already re-driven"), again.out());
        Cli.Result fromTopic = Cli.run("dlq", "redrive", "--config", config.toString(), "--stage", "sink");
        assertTrue(fromTopic.out().contains("redrive: 0 sent back, 2 skipped as already re-driven"), fromTopic.out());
    }

    @Test
    @Order(4)
    void recordThatStillFailsComesBackWithOneMoreAttempt() throws Exception {
        Cli.Result r = Cli.run("dlq", "redrive", "--config", config.toString(), "--stage", "transform",
                "--cause", "decode");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("redrive: 1 sent back"), r.out());
        List<DeadLetter> transform = Await.until("the record failing again", Duration.ofSeconds(60),
                () -> new DeadLetters(configs).read(new DeadLetterFilter("transform", null, null, null, null, null)),
                l -> l.size() == 2);
        assertEquals(List.of(1, 2), transform.stream().map(DeadLetter::attempts).sorted().toList());

        Cli.Result again = Cli.run("dlq", "redrive", "--config", config.toString(), "--stage", "transform");
        assertTrue(again.out().contains("redrive: 1 sent back, 1 skipped as already re-driven"), again.out());
    }

    private long targetRows() throws Exception {
        try (Connection target = pg.target(); Statement s = target.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void produceUndecodableRawRecord() throws Exception {
        Map<String, Object> c = configs.kafka().clientConfig();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(c, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(prefix + ".legacy.public.items",
                    "not avro".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }
    }
}
