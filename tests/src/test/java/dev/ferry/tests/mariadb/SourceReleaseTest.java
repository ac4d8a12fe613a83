package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.Main;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.TopicNames;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.ValueRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * {@code ferry cutover --release-source}: a PostgreSQL and a MariaDB source give back what capture
 * kept in them, only once capture has stopped; a later run of the same config snapshots again and
 * misses nothing.
 */
class SourceReleaseTest {

    private static final String ORDERS = "SELECT id, customer FROM orders ORDER BY id";
    private static final String ITEMS = "SELECT id, name FROM items ORDER BY id";

    @Test
    void sourcesAreReleasedOnlyAfterCaptureStopsAndARerunMissesNothing() throws Exception {
        try (MariaDbRig rig = MariaDbRig.start("release")) {
            try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
                s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(80))");
                s.execute("INSERT INTO items SELECT seq, CONCAT('item ', seq) FROM seq_1_to_300");
            }
            try (Connection pg = rig.pgSource(); Statement s = pg.createStatement()) {
                s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer text)");
                s.execute("INSERT INTO orders SELECT g, 'customer ' || g FROM generate_series(1, 300) g");
            }
            String prefix = SharedServices.uniquePrefix("release");
            Path file = rig.writeConfig(prefix, "release", List.of("items"), List.of("orders"));
            StageConfigs configs = new StageConfigs(ConfigLoader.load(file, Map.of()), rig.dir().resolve("state"));
            String slot = prefix + "_legacy";

            Cli.Result refused;
            try (Pipeline pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class))) {
                pipeline.start();
                awaitIdentical(rig);
                refused = Cli.run("cutover", "--config", file.toString(), "--release-source");
            }
            assertEquals(Main.FAILED, refused.exit(), refused.toString());
            assertTrue(refused.out().contains("source legacy left alone: replication slot " + slot + " is in use"),
                    refused.toString());
            assertTrue(refused.out().contains("source maria left alone: a binlog reader"), refused.toString());
            assertTrue(pgHas(rig, "SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slot + "'"));

            Cli.Result released = Cli.run("cutover", "--config", file.toString(), "--release-source");

            assertEquals(Main.OK, released.exit(), released.toString());
            assertFalse(pgHas(rig, "SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slot + "'"), "slot dropped");
            assertFalse(pgHas(rig, "SELECT 1 FROM pg_publication WHERE pubname = '" + slot + "'"), "publication dropped");
            assertFalse(pgHas(rig, "SELECT 1 FROM pg_tables WHERE tablename = '" + slot + "_signal'"), "signal table dropped");
            assertFalse(mariaHas(rig, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_NAME = '" + slot.replace("_legacy",
                    "_maria") + "_signal'"), "MariaDB signal table dropped");
            TopicNames names = configs.kafka().topics();
            Set<String> topics = topics(configs);
            for (String source : List.of("legacy", "maria")) {
                assertFalse(topics.contains(names.captureOffsets(source)), source + " offsets deleted: " + topics);
                assertFalse(topics.contains(names.capturedTables(source)), source + " captured tables deleted");
            }
            assertTrue(topics.contains(names.raw("legacy", "public", "orders")), "raw topics stay for replay");
            Cli.Result again = Cli.run("cutover", "--config", file.toString(), "--release-source");
            assertEquals(Main.OK, again.exit(), again.toString());
            assertTrue(again.out().contains("source legacy: nothing left to drop"), again.toString());

            // Changes made after the release reach the target when the same config runs again.
            try (Connection pg = rig.pgSource(); Statement s = pg.createStatement()) {
                s.execute("INSERT INTO orders VALUES (301, 'after the release')");
                s.execute("UPDATE orders SET customer = 'changed after the release' WHERE id = 7");
            }
            try (Pipeline rerun = new Pipeline(configs, EnumSet.allOf(Stage.class))) {
                rerun.start();
                awaitIdentical(rig);
            }
        }
    }

    private static void awaitIdentical(MariaDbRig rig) throws Exception {
        Await.until("both tables identical in the target", Duration.ofSeconds(180), () -> {
            try (Connection maria = rig.maria(); Connection pg = rig.pgSource(); Connection target = rig.target()) {
                List<String> differences = new java.util.ArrayList<>(
                        ValueRows.differences(ValueRows.read(maria, ITEMS), ValueRows.read(target, ITEMS)));
                differences.addAll(ValueRows.differences(ValueRows.read(pg, ORDERS), ValueRows.read(target, ORDERS)));
                return differences;
            } catch (SQLException notYet) {
                return List.of(notYet.getMessage());
            }
        }, List::isEmpty);
    }

    private static boolean pgHas(MariaDbRig rig, String sql) throws SQLException {
        try (Connection pg = rig.pgSource(); Statement s = pg.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static boolean mariaHas(MariaDbRig rig, String sql) throws SQLException {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static Set<String> topics(StageConfigs configs) throws Exception {
        try (Admin admin = Admin.create(configs.kafka().clientConfig())) {
            return admin.listTopics().names().get();
        }
    }
}
