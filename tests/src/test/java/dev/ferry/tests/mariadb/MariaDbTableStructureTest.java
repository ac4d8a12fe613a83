package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MariaDB source, the table beyond its rows: STORED and VIRTUAL generated columns stay equal to the
 * source's through the snapshot and the stream (the binary log carries both with a FULL row
 * image), and columns added with a default ({@code ddl: evolve}) give the rows that existed before
 * the default, not NULL. Judged by what both databases render in SQL, by a subclass per target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class MariaDbTableStructureTest {

    static final Duration WITHIN = Duration.ofSeconds(120);
    static final List<String> BASE = List.of("a", "b", "label", "s", "v");
    static final List<String> ADDED = List.of("c", "note", "since", "amount", "flag");

    MariaDbRig rig;
    TargetDb target;
    Pipeline pipeline;

    abstract TargetDb startTarget(MariaDbRig rig);

    /** How the target renders {@code column} as text. */
    abstract String targetText(String column);

    /** What the target's table is called in SQL. */
    abstract String targetTable();

    @BeforeAll
    void startPipeline() throws Exception {
        rig = MariaDbRig.start(getClass().getSimpleName().toLowerCase());
        target = startTarget(rig);
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("CREATE TABLE items (id INT PRIMARY KEY, a INT, b INT, label VARCHAR(20),"
                    + " s INT AS (a + b) STORED, v VARCHAR(30) AS (CONCAT(label, '!')) VIRTUAL)");
            s.execute("INSERT INTO items (id, a, b, label) VALUES (1, 1, 2, 'one'), (2, 10, 20, 'two'), (3, NULL, 5, NULL)");
        }
        var config = ConfigLoader.load(rig.writeConfig(SharedServices.uniquePrefix("mstruct"), "struct",
                List.of("items"), target), Map.of());
        pipeline = new Pipeline(new StageConfigs(config, rig.dir().resolve("state")), EnumSet.allOf(Stage.class));
        pipeline.start();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (target != null) {
            target.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void generatedColumnsArriveInTheSnapshot() throws Exception {
        awaitEqual("the snapshot", BASE);
    }

    @Test
    @Order(2)
    void storedAndVirtualGeneratedColumnsStayCurrentWhenTheirBaseColumnsChange() throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.executeUpdate("UPDATE items SET a = 100, label = 'ONE' WHERE id = 1");
            s.executeUpdate("UPDATE items SET a = 7 WHERE id = 3");
            s.executeUpdate("INSERT INTO items (id, a, b, label) VALUES (4, 4, 4, 'four')");
            s.executeUpdate("DELETE FROM items WHERE id = 2");
        }
        awaitEqual("the streamed changes", BASE);
    }

    @Test
    @Order(3)
    void columnsAddedWithADefaultGiveItToTheRowsThatExistedBefore() throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("ALTER TABLE items ADD COLUMN c INT DEFAULT 7, ADD COLUMN note VARCHAR(20) NOT NULL DEFAULT"
                    + " 'it''s \\\\ new', ADD COLUMN since DATE DEFAULT '2024-02-29', ADD COLUMN amount DECIMAL(10,2)"
                    + " DEFAULT -1.50, ADD COLUMN flag TINYINT(1) DEFAULT 1");
            // The first change after the ALTER carries the new columns to the target.
            s.executeUpdate("INSERT INTO items (id, a, b, label, c, note) VALUES (5, 5, 5, 'five', NULL, 'given')");
        }
        List<String> all = new ArrayList<>(BASE);
        all.addAll(ADDED);
        awaitEqual("the added columns", all);
    }

    void awaitEqual(String what, List<String> columns) throws Exception {
        String source = "SELECT CAST(id AS CHAR), " + String.join(", ", columns.stream()
                .map(c -> "CAST(`" + c + "` AS CHAR)").toList()) + " FROM items ORDER BY id";
        String sink = "SELECT " + targetText("id") + ", " + String.join(", ", columns.stream().map(this::targetText).toList())
                + " FROM " + targetTable() + " ORDER BY id";
        List<List<String>> expected;
        try (Connection maria = rig.maria()) {
            expected = rows(maria, source);
        }
        try {
            Await.until(what + " in the target", WITHIN, () -> {
                try (Connection t = target.connect()) {
                    return rows(t, sink);
                } catch (SQLException e) {
                    return List.<List<String>>of(); // the table or its new columns are not there yet
                }
            }, rows -> rows.equals(expected));
        } catch (AssertionError e) {
            try (Connection t = target.connect()) {
                assertEquals(expected, rows(t, sink), what);
            }
            throw e;
        }
    }

    static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
