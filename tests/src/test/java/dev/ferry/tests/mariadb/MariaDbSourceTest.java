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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * MariaDB → Kafka → PostgreSQL, every stage real: snapshot, then inserts, updates, deletes and a
 * primary-key change; a re-snapshot while a writer keeps changing the table; a table added to the
 * config of a pipeline that ran before is snapshotted alone. The databases and one pipeline are
 * shared by the class; each test has tables of its own (created before the pipeline starts), so any
 * test runs alone ({@code -Dtest='MariaDbSourceTest#oneMethod'}) and in any order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbSourceTest {

    private static final int ROWS = 3_000;
    private static final String COLUMNS = "id, name, amount, created, active, note";
    private static final Duration WITHIN = Duration.ofSeconds(180);
    /** The tables of the shared pipeline: one per test. */
    private static final List<String> TABLES = List.of("snapped", "streamed", "rekeyed", "resnapped", "altered");

    private MariaDbRig rig;
    private String prefix;
    private Pipeline pipeline;

    @BeforeAll
    void startPipeline() throws Exception {
        rig = MariaDbRig.start("mariadb-source");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            for (String table : List.of("snapped", "streamed", "rekeyed", "resnapped")) {
                createItems(maria, table, table.equals("snapped") || table.equals("resnapped") ? ROWS : 500);
            }
            s.execute("CREATE TABLE altered (id INT PRIMARY KEY, label VARCHAR(50), price DECIMAL(10,3))");
            s.executeUpdate("INSERT INTO altered SELECT seq, CONCAT('altered ', seq), seq / 7 FROM seq_1_to_300");
        }
        prefix = SharedServices.uniquePrefix("maria");
        pipeline = start(rig.writeConfig(prefix, "shared", TABLES, List.of()), "state");
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
    void snapshotLandsIdenticalValueByValue() throws Exception {
        awaitIdentical("snapped");
        TableProgress progress = progress(pipeline, "snapped");
        assertEquals(ROWS, progress.snapshotRows());
        assertEquals(Phase.STREAMING, progress.phase());
    }

    @Test
    void insertsUpdatesAndDeletesStreamThroughIdentical() throws Exception {
        awaitIdentical("streamed");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            insertItems(maria, "streamed", 501, 700);
            s.executeUpdate("UPDATE streamed SET name = CONCAT('updated ', id), amount = -amount, note = NULL WHERE id % 7 = 0");
            s.executeUpdate("UPDATE streamed SET active = NOT active, created = '2031-12-31 23:59:59.999999' WHERE id BETWEEN 10 AND 20");
            s.executeUpdate("DELETE FROM streamed WHERE id % 9 = 0");
            s.executeUpdate("INSERT INTO streamed (id, name) VALUES (900000, 'inserted then deleted')");
            s.executeUpdate("DELETE FROM streamed WHERE id = 900000");
        }
        awaitIdentical("streamed");
        assertTrue(progress(pipeline, "streamed").changes() > 0);
    }

    @Test
    void primaryKeyChangeMovesTheRow() throws Exception {
        awaitIdentical("rekeyed");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.executeUpdate("UPDATE rekeyed SET id = id + 1000000 WHERE id IN (1, 2, 3)");
        }
        awaitIdentical("rekeyed");
        try (Connection target = rig.target(); Statement s = target.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM rekeyed WHERE id IN (1000001, 1000002, 1000003)")) {
            rs.next();
            assertEquals(3, rs.getLong(1));
        }
    }

    @Test
    void reSnapshotWhileAWriterKeepsChangingTheTableEndsIdentical() throws Exception {
        awaitIdentical("resnapped");
        long rowsBefore = RawTopics.countOperations(rawTopic(prefix, "resnapped")).getOrDefault("r", 0L);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        AtomicInteger deleted = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> keepWriting("resnapped", writing, written, deleted), "test-writer");
        writer.setUncaughtExceptionHandler((t, e) -> writerFailure.set(e));
        long tableRows;
        int writtenAtRequest;
        int writtenWhenRead;
        writer.start();
        try {
            Await.until("the writer started", WITHIN, written::get, n -> n > 50);
            tableRows = count("resnapped");
            writtenAtRequest = written.get();
            int status = Main.run("snapshot", "--config", rig.dir().resolve("shared.yaml").toString(), "--source", "maria",
                    "--table", "shop.resnapped");
            assertEquals(Main.OK, status);
            Await.until("re-snapshot of shop.resnapped read every row", WITHIN,
                    () -> progress(pipeline, "resnapped").incrementalRows(), n -> n >= tableRows);
            writtenWhenRead = written.get();
        } finally {
            writing.set(false);
            writer.join();
        }
        if (writerFailure.get() != null) {
            throw new AssertionError("the background writer failed", writerFailure.get());
        }
        awaitIdentical("resnapped");
        assertTrue(writtenWhenRead > writtenAtRequest, "the writer made changes between the re-snapshot request and"
                + " its last row read: " + writtenAtRequest + " before, " + writtenWhenRead + " after");
        long rowsAfter = RawTopics.countOperations(rawTopic(prefix, "resnapped")).getOrDefault("r", 0L);
        // Every row there when the request was made and not deleted by the writer since was read again.
        assertTrue(rowsAfter - rowsBefore >= tableRows - deleted.get(),
                "read records before " + rowsBefore + ", after " + rowsAfter + ", rows " + tableRows + ", deleted " + deleted.get());
    }

    @Test
    void tableAddedToTheConfigIsSnapshottedAloneAndStreams() throws Exception {
        // A pipeline of its own: this test stops it and starts it again with another config.
        String ownPrefix = SharedServices.uniquePrefix("maria-added");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            createItems(maria, "kept", 300);
        }
        Pipeline first = start(rig.writeConfig(ownPrefix, "added-v1", List.of("kept"), List.of()), "state-added");
        try {
            awaitIdentical("kept");
            try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
                s.execute("CREATE TABLE extras (id INT PRIMARY KEY, label VARCHAR(50), price DECIMAL(10,3))");
                s.executeUpdate("INSERT INTO extras SELECT seq, CONCAT('extra ', seq), seq / 7 FROM seq_1_to_300");
                // A change after them that lands moves the committed binlog offset past the rows of extras,
                // so after the restart they can only arrive through a snapshot.
                s.executeUpdate("UPDATE kept SET name = 'before restart' WHERE id = 5");
            }
            awaitIdentical("kept");
        } finally {
            first.close();
        }
        long keptReadBefore = RawTopics.countOperations(rawTopic(ownPrefix, "kept")).getOrDefault("r", 0L);
        Pipeline second = start(rig.writeConfig(ownPrefix, "added-v2", List.of("kept", "extras"), List.of()), "state-added");
        try {
            // The snapshot request is read by the engine's signal consumer, which can take a while to join.
            Map<String, Long> extrasOps = Await.until("shop.extras snapshotted", WITHIN,
                    () -> RawTopics.countOperations(rawTopic(ownPrefix, "extras")), ops -> ops.getOrDefault("r", 0L) >= 300);
            awaitIdentical("extras");
            try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
                s.executeUpdate("INSERT INTO extras VALUES (1000, 'streamed', 1.5)");
                s.executeUpdate("UPDATE kept SET name = 'after restart' WHERE id = 5");
            }
            awaitIdentical("extras");
            awaitIdentical("kept");
            assertEquals(300L, extrasOps.get("r"), "operations on the raw topic of shop.extras: " + extrasOps);
            assertEquals(keptReadBefore, RawTopics.countOperations(rawTopic(ownPrefix, "kept")).getOrDefault("r", 0L),
                    "shop.kept was not snapshotted again");
        } finally {
            second.close();
        }
    }

    @Test
    void aColumnAddedAtTheSourceMidStreamAppearsInTheTargetWithItsValues() throws Exception {
        awaitIdentical("altered");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("ALTER TABLE altered ADD COLUMN origin VARCHAR(20) NULL");
            s.executeUpdate("INSERT INTO altered VALUES (1001, 'after alter', 2.25, 'new row')");
            s.executeUpdate("UPDATE altered SET origin = CONCAT('updated ', id) WHERE id <= 10");
        }
        awaitIdentical("altered");
        try (Connection target = rig.target(); Statement s = target.createStatement();
             var rs = s.executeQuery("SELECT origin FROM altered WHERE id IN (3, 1001) ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("updated 3", rs.getString(1));
            assertTrue(rs.next());
            assertEquals("new row", rs.getString(1));
        }
    }

    private Pipeline start(Path file, String stateDir) throws Exception {
        Pipeline p = new Pipeline(new StageConfigs(ConfigLoader.load(file, Map.of()), rig.dir().resolve(stateDir)),
                EnumSet.allOf(Stage.class));
        p.start();
        return p;
    }

    private void keepWriting(String table, AtomicBoolean writing, AtomicInteger written, AtomicInteger deleted) {
        int nextId = 2_000_000;
        try (Connection maria = rig.maria();
             PreparedStatement update = maria.prepareStatement("UPDATE " + table + " SET amount = amount + 1, name = ? WHERE id = ?");
             Statement s = maria.createStatement()) {
            while (writing.get()) {
                int id = ThreadLocalRandom.current().nextInt(1, ROWS);
                update.setString(1, "writer " + written.get());
                update.setInt(2, id);
                update.executeUpdate();
                if (written.get() % 10 == 0) {
                    s.executeUpdate("INSERT INTO " + table + " (id, name, amount) VALUES (" + nextId++ + ", 'writer insert', 1)");
                }
                if (written.get() % 25 == 0) {
                    deleted.addAndGet(s.executeUpdate("DELETE FROM " + table + " WHERE id = " + (id + 1)));
                }
                written.incrementAndGet();
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException("writer failed", e);
        }
    }

    private static TableProgress progress(Pipeline p, String table) {
        return p.captures().get(0).progress().tables().stream().filter(t -> t.table().equals("shop." + table))
                .findFirst().orElseThrow();
    }

    private static String rawTopic(String prefix, String table) {
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
        String columns = table.equals("altered") || table.equals("extras") ? "*" : COLUMNS;
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

    private static void createItems(Connection maria, String table, int rows) throws Exception {
        try (Statement s = maria.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, amount DECIMAL(12,2),"
                    + " created DATETIME(6), active TINYINT(1), note TEXT NULL)");
        }
        insertItems(maria, table, 1, rows);
    }

    private static void insertItems(Connection maria, String table, int from, int to) throws Exception {
        try (PreparedStatement p = maria.prepareStatement(
                "INSERT INTO " + table + " (id, name, amount, created, active, note) VALUES (?, ?, ?, ?, ?, ?)")) {
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
