package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.capture.Phase;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.TableComparison;
import dev.ferry.tests.fixtures.AllTypesTable;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * PostgreSQL → Kafka → PostgreSQL, every stage real: a 20,000-row table of every spine type is
 * snapshotted, then inserts, updates, deletes and a primary-key change stream through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnapshotThenStreamTest {

    private static final int ROWS = 20_000;
    private static final List<String> TABLES = List.of(AllTypesTable.NAME);

    private PostgresPair pg;
    private Pipeline pipeline;
    private String prefix;
    private Set<Thread> kafkaClientThreadsBefore;

    @BeforeAll
    void startPipeline() throws Exception {
        pg = PostgresPair.start("snapshot-then-stream");
        try (Connection source = pg.source()) {
            AllTypesTable.create(source, ROWS);
        }
        prefix = SharedServices.uniquePrefix("sts");
        var config = ConfigLoader.load(pg.writeConfig(prefix,
                List.of("public." + AllTypesTable.NAME), ""), Map.of());
        pipeline = new Pipeline(new StageConfigs(config, pg.dir().resolve("state")), EnumSet.allOf(Stage.class));
        kafkaClientThreadsBefore = kafkaClientThreads();
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
    void snapshotOfTwentyThousandRowsLandsIdentical() throws Exception {
        List<TableComparison.Result> results = awaitIdentical();
        assertEquals(ROWS, results.get(0).targetRows());
        var progress = pipeline.captures().get(0).progress().tables().get(0);
        assertEquals(ROWS, progress.snapshotRows());
        assertEquals(Phase.STREAMING, progress.phase());
    }

    @Test
    @Order(2)
    void insertsUpdatesAndDeletesStreamThroughIdentical() throws Exception {
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            AllTypesTable.insert(source, ROWS + 1, ROWS + 500);
            s.executeUpdate("UPDATE all_types SET t = 'updated ' || id, n = -n, tz = NULL, j = '{\"u\": true}' WHERE id % 7 = 0");
            s.executeUpdate("UPDATE all_types SET bin = NULL, f = 'NaN'::float8 WHERE id BETWEEN 100 AND 120");
            s.executeUpdate("DELETE FROM all_types WHERE id % 9 = 0");
            s.executeUpdate("INSERT INTO all_types (id, t) VALUES (900000, 'inserted then deleted')");
            s.executeUpdate("DELETE FROM all_types WHERE id = 900000");
            s.executeUpdate("INSERT INTO all_types (id, t) VALUES (900001, 'deleted then inserted again')");
        }
        List<TableComparison.Result> results = awaitIdentical();
        try (Connection source = pg.source(); Statement s = source.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM all_types")) {
            rs.next();
            assertEquals(rs.getLong(1), results.get(0).targetRows());
        }
        assertTrue(pipeline.captures().get(0).progress().tables().get(0).changes() > 0);
    }

    @Test
    @Order(3)
    void primaryKeyChangeMovesTheRow() throws Exception {
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.executeUpdate("UPDATE all_types SET id = id + 1000000 WHERE id IN (1, 2, 3)");
        }
        awaitIdentical();
        try (Connection target = pg.target(); Statement s = target.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM all_types WHERE id IN (1, 2, 3, 1000001, 1000002, 1000003)")) {
            rs.next();
            assertEquals(3, rs.getLong(1));
        }
    }

    private List<TableComparison.Result> awaitIdentical() throws Exception {
        return Await.until("target identical to source", Duration.ofSeconds(180),
                () -> pg.compare("public", TABLES), PostgresPair::identical);
    }

    @Test
    @Order(99)
    void closingThePipelineLeavesNoKafkaClientItStartedRunning() throws Exception {
        pipeline.close();
        Set<Thread> left = Await.until("the pipeline's Kafka clients closed", Duration.ofSeconds(30), () -> {
            Set<Thread> now = kafkaClientThreads();
            now.removeAll(kafkaClientThreadsBefore);
            return now;
        }, Set::isEmpty);
        assertTrue(left.isEmpty(), left.toString());
    }

    /** Threads of Kafka clients (admin, producer, offset log) alive now. */
    private static Set<Thread> kafkaClientThreads() {
        Set<Thread> threads = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && (name.startsWith("kafka-admin-client-thread") || name.startsWith("kafka-producer-network-thread")
                    || name.startsWith("KafkaBasedLog"))) {
                threads.add(t);
            }
        }
        return threads;
    }
}
