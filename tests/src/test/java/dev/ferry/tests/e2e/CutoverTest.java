package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.Main;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.cutover.Cutover;
import dev.ferry.ops.cutover.CutoverReport;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.TableComparison;
import dev.ferry.tests.fixtures.AllTypesTable;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.BusyApplication;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ferry cutover} against a pipeline running in its own process: READY with a frozen source
 * while a writer keeps trying, NOT READY for a corrupted row or a pending dead letter, and
 * {@code --finish} applying a late write and then stopping the pipeline. The databases and one
 * pipeline process are shared by the class, not the state a test leaves: before each test no dead
 * letter is pending and the target equals the source; the {@code --finish} test, which stops its
 * pipeline, runs one of its own (own table, topics and slot). Any test runs alone and in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CutoverTest {

    private static final int ROWS = 2_000;
    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    private PostgresPair pg;
    private StageConfigs configs;
    private ChildPipeline pipeline;
    private String prefix;
    private Path config;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("cutover");
        try (Connection source = pg.source()) {
            AllTypesTable.create(source, ROWS);
        }
        prefix = SharedServices.uniquePrefix("cutover");
        config = pg.writeConfig(prefix, List.of("public." + AllTypesTable.NAME), "");
        configs = new StageConfigs(ConfigLoader.load(config, Map.of()), pg.dir().resolve("state"));
        pipeline = ChildPipeline.start(config, pg.dir().resolve("child-state"), pg.dir().resolve("child.log"));
    }

    /** The state every test starts from: the pipeline runs, no dead letter is pending, the target equals the source. */
    @BeforeEach
    void runningAndIdentical() throws Exception {
        assertTrue(pipeline.isAlive(), "the shared pipeline runs (only the --finish test stops one, its own)");
        assertEquals(Main.OK, Main.run("dlq", "discard", "--config", config.toString(), "--reason",
                "CutoverTest: each test starts without pending dead letters"));
        awaitIdentical();
    }

    @AfterAll
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void freezeSourceReachesReadyWhileAWriterKeepsWritingAndTargetEqualsSource() throws Exception {
        CutoverReport report;
        List<TableComparison.Result> atReady;
        try (BusyApplication app = BusyApplication.start(pg::source,
                "INSERT INTO all_types (id, t) VALUES (?, 'app')", "UPDATE all_types SET n = n + 1 WHERE id = ?",
                ROWS, 200)) {
            report = cutover(true, false).run();
            // At READY, independently of Ferry's own verify: the target equals the source.
            atReady = pg.compare("public", List.of(AllTypesTable.NAME));
        }

        assertEquals("READY", report.state(), report.summary());
        assertTrue(PostgresPair.identical(atReady), atReady.toString());
        assertTrue(report.positions().get("legacy") > 0);
        assertTrue(report.tables().get(0).sourceRows() > ROWS);
        Path md = report.writeTo(pg.dir().resolve("reports"));
        assertTrue(Files.readString(md).contains("READY"));
        cutover(false, false).unfreeze();
    }

    @Test
    void corruptedTargetRowMakesItNotReadyAndNamesTheKey() throws Exception {
        try (Connection target = pg.target(); Statement s = target.createStatement()) {
            s.executeUpdate("UPDATE all_types SET v = 'tampered' WHERE id = 77");
        }
        CutoverReport report = cutover(false, false).run();
        assertEquals("NOT_READY", report.state());
        assertTrue(report.missing().toString().contains("id=77"), report.summary());
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.executeUpdate("UPDATE all_types SET v = 'repaired' WHERE id = 77");
        }
        awaitIdentical();
    }

    @Test
    void pendingDeadLetterBlocksReadyUnlessAccepted() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", SharedServices.get().bootstrapServers()), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(prefix + ".legacy.public.all_types", "bad".getBytes(), "record".getBytes())).get();
        }
        Await.until("a dead letter", Duration.ofSeconds(60), () -> cutover(false, false).run().missing().toString(),
                m -> m.contains("dead letters pending"));
        CutoverReport accepted = cutover(false, true).run();
        assertEquals("READY", accepted.state(), accepted.summary());
        assertEquals(1, accepted.deadLetters());
    }

    @Test
    void finishAppliesAWriteMadeAfterReadyAndThenStopsThePipeline() throws Exception {
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE finishing (id int PRIMARY KEY, t text)");
            s.executeUpdate("INSERT INTO finishing SELECT g, 'row ' || g FROM generate_series(1, 200) g");
        }
        Path ownConfig = pg.writeConfig(SharedServices.uniquePrefix("cutover-finish"), List.of("public.finishing"), "");
        StageConfigs own = new StageConfigs(ConfigLoader.load(ownConfig, Map.of()), pg.dir().resolve("finish-state"));
        Path log = pg.dir().resolve("finish-child.log");
        try (ChildPipeline finishing = ChildPipeline.start(ownConfig, pg.dir().resolve("finish-child-state"), log)) {
            Await.until("finishing identical", Duration.ofSeconds(180), () -> pg.compare("public", List.of("finishing")),
                    PostgresPair::identical);
            try (Connection source = pg.source(); Statement s = source.createStatement()) {
                s.executeUpdate("INSERT INTO finishing (id, t) VALUES (5000000, 'late write after READY')");
            }
            CutoverReport done = new Cutover(own, new Cutover.Options(false, Duration.ofSeconds(120), true,
                    Duration.ofSeconds(3)), QUIET).finish(Duration.ofSeconds(3));
            assertEquals("DONE", done.state(), done.summary());
            assertTrue(done.summary().contains("ferry cutover --release-source"), done.summary());
            try (Connection target = pg.target(); Statement s = target.createStatement();
                 var rs = s.executeQuery("SELECT t FROM finishing WHERE id = 5000000")) {
                assertTrue(rs.next(), "the late write landed");
                assertEquals("late write after READY", rs.getString(1));
            }
            Await.until("the pipeline process exits", Duration.ofSeconds(60), finishing::isAlive, alive -> !alive);
            assertFalse(finishing.isAlive());
            assertTrue(Files.readString(log).contains("ferry: stopped cleanly"));
        }
    }

    private Cutover cutover(boolean freeze, boolean acceptDeadLetters) {
        return new Cutover(configs, new Cutover.Options(freeze, Duration.ofSeconds(120), acceptDeadLetters,
                Duration.ofSeconds(3)), QUIET);
    }

    private void awaitIdentical() throws Exception {
        Await.until("target identical to source", Duration.ofSeconds(180),
                () -> pg.compare("public", List.of(AllTypesTable.NAME)), PostgresPair::identical);
    }

}
