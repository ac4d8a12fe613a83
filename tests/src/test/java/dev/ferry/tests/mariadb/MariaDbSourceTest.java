package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.capture.Phase;
import dev.ferry.capture.TableProgress;
import dev.ferry.ops.Main;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.RawTopics;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.ValueRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MariaDB → Kafka → PostgreSQL, every stage real: snapshot, then inserts, updates, deletes and a
 * primary-key change; a re-snapshot while a writer keeps changing the table; a table added to the
 * config of a pipeline that ran before is snapshotted alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbSourceTest {

    private static final int ROWS = 3_000;
    private static final String COLUMNS = "id, name, amount, created, active, note";
    private static final Duration WITHIN = Duration.ofSeconds(180);

    private MariaDbRig rig;
    private String prefix;
    private Path config;
    private Pipeline pipeline;

    @BeforeAll
    void startPipeline() throws Exception {
        rig = MariaDbRig.start("mariadb-source");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, amount DECIMAL(12,2),"
                    + " created DATETIME(6), active TINYINT(1), note TEXT NULL)");
            insertItems(maria, 1, ROWS);
        }
        prefix = SharedServices.uniquePrefix("maria");
        config = rig.writeConfig(prefix, "v1", List.of("items"), List.of());
        pipeline = start(config);
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
    @Order(1)
    void snapshotLandsIdenticalValueByValue() throws Exception {
        awaitIdentical("items");
        TableProgress progress = itemsProgress();
        assertEquals(ROWS, progress.snapshotRows());
        assertEquals(Phase.STREAMING, progress.phase());
    }

    @Test
    @Order(2)
    void insertsUpdatesAndDeletesStreamThroughIdentical() throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            insertItems(maria, ROWS + 1, ROWS + 200);
            s.executeUpdate("UPDATE items SET name = CONCAT('updated ', id), amount = -amount, note = NULL WHERE id % 7 = 0");
            s.executeUpdate("UPDATE items SET active = NOT active, created = '2031-12-31 23:59:59.999999' WHERE id BETWEEN 10 AND 20");
            s.executeUpdate("DELETE FROM items WHERE id % 9 = 0");
            s.executeUpdate("INSERT INTO items (id, name) VALUES (900000, 'inserted then deleted')");
            s.executeUpdate("DELETE FROM items WHERE id = 900000");
        }
        awaitIdentical("items");
        assertTrue(itemsProgress().changes() > 0);
    }

    @Test
    @Order(3)
    void primaryKeyChangeMovesTheRow() throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.executeUpdate("UPDATE items SET id = id + 1000000 WHERE id IN (1, 2, 3)");
        }
        awaitIdentical("items");
        try (Connection target = rig.target(); Statement s = target.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM items WHERE id IN (1000001, 1000002, 1000003)")) {
            rs.next();
            assertEquals(3, rs.getLong(1));
        }
    }

    @Test
    @Order(4)
    void reSnapshotWhileAWriterKeepsChangingTheTableEndsIdentical() throws Exception {
        long rowsBefore = RawTopics.countOperations(rawTopic("items")).getOrDefault("r", 0L);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        AtomicInteger deleted = new AtomicInteger();
        Thread writer = new Thread(() -> keepWriting(writing, written, deleted), "test-writer");
        long tableRows;
        writer.start();
        try {
            Await.until("the writer started", WITHIN, written::get, n -> n > 50);
            tableRows = count("items");
            int status = Main.run("snapshot", "--config", config.toString(), "--source", "maria", "--table", "shop.items");
            assertEquals(Main.OK, status);
            Await.until("re-snapshot of shop.items read every row", WITHIN, () -> itemsProgress().incrementalRows(),
                    n -> n >= tableRows);
        } finally {
            writing.set(false);
            writer.join();
        }
        awaitIdentical("items");
        assertTrue(written.get() > 50, "the writer made changes during the re-snapshot: " + written.get());
        long rowsAfter = RawTopics.countOperations(rawTopic("items")).getOrDefault("r", 0L);
        // Every row there when the request was made and not deleted by the writer since was read again.
        assertTrue(rowsAfter - rowsBefore >= tableRows - deleted.get(),
                "read records before " + rowsBefore + ", after " + rowsAfter + ", rows " + tableRows + ", deleted " + deleted.get());
    }

    @Test
    @Order(5)
    void tableAddedToTheConfigIsSnapshottedAloneAndStreams() throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("CREATE TABLE extras (id INT PRIMARY KEY, label VARCHAR(50), price DECIMAL(10,3))");
            s.executeUpdate("INSERT INTO extras SELECT seq, CONCAT('extra ', seq), seq / 7 FROM seq_1_to_300");
            // A change after them that lands moves the committed binlog offset past the rows of extras,
            // so after the restart they can only arrive through a snapshot.
            s.executeUpdate("UPDATE items SET name = 'before restart' WHERE id = 5");
        }
        awaitIdentical("items");
        pipeline.close();
        long itemsReadBefore = RawTopics.countOperations(rawTopic("items")).getOrDefault("r", 0L);
        config = rig.writeConfig(prefix, "v2", List.of("items", "extras"), List.of());
        pipeline = start(config);
        // The snapshot request is read by the engine's signal consumer, which can take a while to join.
        Map<String, Long> extrasOps = Await.until("shop.extras snapshotted", WITHIN,
                () -> RawTopics.countOperations(rawTopic("extras")), ops -> ops.getOrDefault("r", 0L) >= 300);
        awaitIdentical("extras");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.executeUpdate("INSERT INTO extras VALUES (1000, 'streamed', 1.5)");
            s.executeUpdate("UPDATE items SET name = 'after restart' WHERE id = 5");
        }
        awaitIdentical("extras");
        awaitIdentical("items");
        assertEquals(300L, extrasOps.get("r"), "operations on the raw topic of shop.extras: " + extrasOps);
        assertEquals(itemsReadBefore, RawTopics.countOperations(rawTopic("items")).getOrDefault("r", 0L),
                "shop.items was not snapshotted again");
    }

    @Test
    @Order(6)
    void aColumnAddedAtTheSourceMidStreamAppearsInTheTargetWithItsValues() throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("ALTER TABLE extras ADD COLUMN origin VARCHAR(20) NULL");
            s.executeUpdate("INSERT INTO extras VALUES (1001, 'after alter', 2.25, 'new row')");
            s.executeUpdate("UPDATE extras SET origin = CONCAT('updated ', id) WHERE id <= 10");
        }
        awaitIdentical("extras");
        try (Connection target = rig.target(); Statement s = target.createStatement();
             var rs = s.executeQuery("SELECT origin FROM extras WHERE id IN (3, 1001) ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("updated 3", rs.getString(1));
            assertTrue(rs.next());
            assertEquals("new row", rs.getString(1));
        }
    }

    private Pipeline start(Path file) throws Exception {
        Pipeline p = new Pipeline(new StageConfigs(ConfigLoader.load(file, Map.of()), rig.dir().resolve("state")),
                EnumSet.allOf(Stage.class));
        p.start();
        return p;
    }

    private void keepWriting(AtomicBoolean writing, AtomicInteger written, AtomicInteger deleted) {
        int nextId = 2_000_000;
        try (Connection maria = rig.maria();
             PreparedStatement update = maria.prepareStatement("UPDATE items SET amount = amount + 1, name = ? WHERE id = ?");
             Statement s = maria.createStatement()) {
            while (writing.get()) {
                int id = ThreadLocalRandom.current().nextInt(1, ROWS);
                update.setString(1, "writer " + written.get());
                update.setInt(2, id);
                update.executeUpdate();
                if (written.get() % 10 == 0) {
                    s.executeUpdate("INSERT INTO items (id, name, amount) VALUES (" + nextId++ + ", 'writer insert', 1)");
                }
                if (written.get() % 25 == 0) {
                    deleted.addAndGet(s.executeUpdate("DELETE FROM items WHERE id = " + (id + 1)));
                }
                written.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException("writer failed", e);
        }
    }

    private TableProgress itemsProgress() {
        return pipeline.captures().get(0).progress().tables().stream().filter(t -> t.table().equals("shop.items"))
                .findFirst().orElseThrow();
    }

    private String rawTopic(String table) {
        return prefix + ".maria.shop." + table;
    }

    private long count(String table) throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitIdentical(String table) throws Exception {
        String columns = table.equals("items") ? COLUMNS : "*";
        String sql = "SELECT " + columns + " FROM " + table + " ORDER BY id";
        Await.until(table + " identical in the target", WITHIN, () -> {
            try (Connection maria = rig.maria(); Connection target = rig.target()) {
                return ValueRows.differences(ValueRows.read(maria, sql), targetRows(target, sql));
            }
        }, List::isEmpty);
    }

    private static List<List<String>> targetRows(Connection target, String sql) {
        try {
            return ValueRows.read(target, sql);
        } catch (java.sql.SQLException e) {
            return List.of(); // the table is not created yet
        }
    }

    private static void insertItems(Connection maria, int from, int to) throws Exception {
        try (PreparedStatement p = maria.prepareStatement(
                "INSERT INTO items (id, name, amount, created, active, note) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int id = from; id <= to; id++) {
                p.setInt(1, id);
                p.setString(2, "item " + id + " ✓");
                p.setBigDecimal(3, java.math.BigDecimal.valueOf(id * 37L % 100000, 2));
                p.setObject(4, java.time.LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(id * 3601L).plusNanos(id * 1000L));
                p.setBoolean(5, id % 2 == 0);
                p.setString(6, id % 5 == 0 ? null : "note " + id);
                p.addBatch();
            }
            p.executeBatch();
        }
    }
}
