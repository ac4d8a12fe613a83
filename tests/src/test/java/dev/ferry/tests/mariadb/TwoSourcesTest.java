package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.capture.CaptureStage;
import dev.ferry.capture.Phase;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.ValueRows;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A PostgreSQL source and a MariaDB source feeding one PostgreSQL target in one pipeline, each with
 * its own capture engine, offsets and topics; one source going down does not stop the other. The
 * databases and the pipeline are shared by the class; each test first waits for the state it starts
 * from (both snapshots landed), so any test runs alone and in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoSourcesTest {

    private static final Duration WITHIN = Duration.ofSeconds(180);
    private static final String ITEMS = "SELECT id, name, price, added FROM items ORDER BY id";
    private static final String ORDERS = "SELECT id, customer, total, placed FROM orders ORDER BY id";

    private MariaDbRig rig;
    private FerryConfig config;
    private Pipeline pipeline;

    @BeforeAll
    void startPipeline() throws Exception {
        rig = MariaDbRig.start("two-sources");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(80), price DECIMAL(10,2), added DATETIME(6))");
            s.executeUpdate("INSERT INTO items SELECT seq, CONCAT('item ', seq), seq * 1.25, '2024-05-06 07:08:09.123456'"
                    + " + INTERVAL seq MINUTE FROM seq_1_to_1000");
        }
        try (Connection pg = rig.pgSource(); Statement s = pg.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer text, total numeric(12,2), placed timestamp)");
            s.executeUpdate("INSERT INTO orders SELECT g, 'customer ' || g, g * 3.5, timestamp '2024-01-01 00:00:00.5'"
                    + " + g * interval '1 hour' FROM generate_series(1, 1000) g");
        }
        config = ConfigLoader.load(rig.writeConfig(SharedServices.uniquePrefix("two"), "two", List.of("items"),
                List.of("orders")), Map.of());
        pipeline = new Pipeline(new StageConfigs(config, rig.dir().resolve("state")), EnumSet.allOf(Stage.class));
        pipeline.start();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void bothSourcesLandIdenticalInOneTarget() throws Exception {
        awaitIdentical();
        assertEquals(2, pipeline.captures().size());
        for (CaptureStage capture : pipeline.captures()) {
            assertEquals(1000, capture.progress().tables().get(0).snapshotRows(), capture.source());
        }
    }

    @Test
    void changesOfBothSourcesStreamThrough() throws Exception {
        awaitIdentical();
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.executeUpdate("UPDATE items SET price = price * 2 WHERE id % 3 = 0");
            s.executeUpdate("DELETE FROM items WHERE id % 10 = 0");
            s.executeUpdate("INSERT INTO items VALUES (5000, 'new', 9.99, NULL)");
        }
        try (Connection pg = rig.pgSource(); Statement s = pg.createStatement()) {
            s.executeUpdate("UPDATE orders SET total = -total WHERE id % 4 = 0");
            s.executeUpdate("DELETE FROM orders WHERE id % 11 = 0");
            s.executeUpdate("INSERT INTO orders VALUES (5000, 'new', 1.01, NULL)");
        }
        awaitIdentical();
    }

    @Test
    void aSourceThatGoesDownDoesNotStopTheOther() throws Exception {
        awaitIdentical();
        rig.mariadb().stop();
        try {
            try (Connection pg = rig.pgSource(); Statement s = pg.createStatement()) {
                s.executeUpdate("INSERT INTO orders VALUES (6000, 'while mariadb is down', 2.02, now())");
                s.executeUpdate("UPDATE orders SET customer = 'changed while mariadb is down' WHERE id < 50");
            }
            Await.until("orders identical while MariaDB is down", WITHIN, () -> differences(rig.pgSource(), ORDERS),
                    List::isEmpty);
            Await.until("the MariaDB capture reports it lost its source", WITHIN,
                    () -> capture("maria").progress().connected(), connected -> !connected);
            assertTrue(capture("legacy").progress().connected());
        } finally {
            rig.mariadb().start();
        }
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.executeUpdate("INSERT INTO items VALUES (6000, 'after mariadb came back', 3.03, NULL)");
        }
        awaitIdentical();
        assertEquals(Phase.STREAMING, capture("legacy").progress().tables().get(0).phase());
    }

    @Test
    void captureCanBeLimitedToChosenSources() {
        StageConfigs configs = new StageConfigs(config, rig.dir().resolve("other-state"));
        assertThrows(IllegalArgumentException.class, () -> new Pipeline(configs, EnumSet.of(Stage.CAPTURE), Set.of("nope")));
        // Not started: a pipeline limited to one source builds one capture when it starts.
        new Pipeline(configs, EnumSet.of(Stage.CAPTURE), Set.of("legacy")).close();
    }

    private CaptureStage capture(String source) {
        return pipeline.captures().stream().filter(c -> c.source().equals(source)).findFirst().orElseThrow();
    }

    private void awaitIdentical() throws Exception {
        Await.until("items (MariaDB) identical in the target", WITHIN, () -> differences(rig.maria(), ITEMS), List::isEmpty);
        Await.until("orders (PostgreSQL) identical in the target", WITHIN, () -> differences(rig.pgSource(), ORDERS),
                List::isEmpty);
    }

    private List<String> differences(Connection source, String sql) throws Exception {
        try (source; Connection target = rig.target()) {
            List<List<String>> targetRows;
            try {
                targetRows = ValueRows.read(target, sql);
            } catch (java.sql.SQLException e) {
                targetRows = List.of(); // not created yet
            }
            return ValueRows.differences(ValueRows.read(source, sql), targetRows);
        }
    }
}
