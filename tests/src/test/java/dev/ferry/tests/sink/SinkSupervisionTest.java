package dev.ferry.tests.sink;

import dev.ferry.schemas.supervision.StageState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.metrics.FerryMetrics;
import dev.ferry.schemas.TopicNames;
import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.registry.RegistryAddress;
import dev.ferry.sink.ConflictMode;
import dev.ferry.sink.DdlMode;
import dev.ferry.sink.SinkConfig;
import dev.ferry.sink.SinkLimits;
import dev.ferry.sink.SinkProgress;
import dev.ferry.sink.SinkStage;
import dev.ferry.sink.TableRoute;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MappedTopics;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sink under its supervisor, against a real PostgreSQL and the real broker, with an unexpected
 * exception injected into its work: it restarts from the committed offsets and goes on, or, when
 * the failure persists past its restart attempts, is FAILED in its status and metrics and says so
 * to its listener — never a green status over a dead thread.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkSupervisionTest {

    private static final Schema KEY = SchemaBuilder.record("Key").namespace("t").fields().requiredLong("id").endRecord();
    private static final Schema ROW = SchemaBuilder.record("Row").namespace("t").fields()
            .requiredLong("id").optionalLong("amount").endRecord();

    private TargetDb db;
    private MappedTopics topics;
    private final List<SinkStage> sinks = new ArrayList<>();

    @BeforeAll
    void startServices() {
        db = TargetDb.postgres("sink-supervision");
        topics = new MappedTopics();
    }

    @AfterEach
    void stopSinks() {
        sinks.forEach(SinkStage::close);
        sinks.clear();
    }

    @AfterAll
    void stopServices() {
        topics.close();
        db.close();
    }

    @Test
    void anUnexpectedFailureRestartsTheSinkWhichThenAppliesEveryRow() throws Exception {
        String prefix = SharedServices.uniquePrefix("restart");
        String topic = send(prefix, "restarted", 1, 40);
        AtomicInteger batches = new AtomicInteger();
        SinkStage sink = sink(prefix, topic, "restarted", 3, new FerryMetrics(), changes -> {
            if (batches.incrementAndGet() == 1) {
                throw new IllegalStateException("injected: the sink's work broke");
            }
        });
        sink.start();

        Await.until("40 rows after the restart", Duration.ofSeconds(60), () -> count("restarted"), n -> n == 40);
        assertEquals(1, sink.progress().restarts());
        assertEquals(StageState.RUNNING, sink.progress().state());
        assertEquals("ok", sink.progress().status());
        assertTrue(sink.progress().failure().contains("injected: the sink's work broke"), sink.progress().failure());
    }

    @Test
    void aFailureThatPersistsPastTheRestartAttemptsIsFailedInStatusAndMetrics() throws Exception {
        String prefix = SharedServices.uniquePrefix("failing");
        String topic = send(prefix, "never", 1, 5);
        FerryMetrics metrics = new FerryMetrics();
        AtomicInteger tries = new AtomicInteger();
        CountDownLatch told = new CountDownLatch(1);
        SinkStage sink = sink(prefix, topic, "never", 2, metrics, changes -> {
            tries.incrementAndGet();
            throw new IllegalStateException("injected: broken for good");
        });
        sink.onFailed(told::countDown);
        sink.start();

        Await.until("restarting shown", Duration.ofSeconds(30), () -> sink.progress().state(),
                s -> s != StageState.RUNNING);
        assertTrue(told.await(60, TimeUnit.SECONDS), "the failure listener was told");
        assertEquals(StageState.FAILED, sink.progress().state());
        assertEquals(3, tries.get(), "the first run and two restarts");
        assertEquals(2, sink.progress().restarts());
        assertTrue(sink.progress().status().startsWith("FAILED: java.lang.IllegalStateException: injected: broken for good"),
                sink.progress().status());
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("ferry_stage_failed{name=\"fresh\",stage=\"sink\"} 1.0"), scrape);
        assertTrue(scrape.contains("ferry_stage_up{name=\"fresh\",stage=\"sink\"} 0.0"), scrape);
        assertTrue(scrape.contains("ferry_stage_restarts_total{name=\"fresh\",stage=\"sink\"} 2.0"), scrape);
        assertTrue(count("never") <= 0, "nothing applied");
        metrics.close();
    }

    private String send(String prefix, String table, long from, long to) {
        String topic = prefix + ".fresh." + table;
        for (long i = from; i <= to; i++) {
            GenericRecord k = new GenericData.Record(KEY);
            k.put("id", i);
            GenericRecord r = new GenericData.Record(ROW);
            r.put("id", i);
            r.put("amount", i * 10);
            topics.send(topic, k, r, Map.of());
        }
        topics.flush();
        return topic;
    }

    private SinkStage sink(String prefix, String topic, String table, int restarts, FerryMetrics metrics,
                           java.util.function.Consumer<List<dev.ferry.sink.Change>> fault) {
        SharedServices services = SharedServices.get();
        KafkaSettings kafka = new KafkaSettings(services.bootstrapServers(), RegistryAddress.of(services.registryUrl()),
                new TopicNames(prefix), 2, (short) 1, Map.of());
        SinkConfig config = new SinkConfig("fresh", db.jdbcUrl(), db.user(), db.password(), db.schema(), 500,
                Duration.ofMillis(50), DdlMode.CREATE, List.of(new TableRoute(topic, table)), kafka,
                ConflictMode.LAST_WRITER, Duration.ofMinutes(5), true)
                .withLimits(SinkLimits.DEFAULTS.withRestartAttempts(restarts));
        SinkStage sink = new SinkStage(config, topics.codec(), metrics.sink()).withFaultHook(fault);
        sinks.add(sink);
        return sink;
    }

    private long count(String table) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}
