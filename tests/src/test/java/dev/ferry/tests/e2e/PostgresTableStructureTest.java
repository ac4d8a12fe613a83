package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.ferry.tests.fixtures.SqlRenderings.difference;
import static dev.ferry.tests.fixtures.SqlRenderings.rows;
import static dev.ferry.tests.fixtures.SqlRenderings.rowsOrProblem;

import dev.ferry.capture.SourceCheck;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
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
 * PostgreSQL → Kafka → PostgreSQL for what a table is beyond its plain rows: a range-partitioned
 * table (captured under its parent's name, snapshot and stream), a column added with a default,
 * generated columns and a truncate. Judged by comparing
 * {@code row_to_json} of every row on both sides, ordered by key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresTableStructureTest {

    private PostgresPair pg;
    private StageConfigs configs;
    private Pipeline pipeline;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("table-structure");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE measures (id int, taken date, reading numeric(8,2), note text,"
                    + " PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken)");
            s.execute("CREATE TABLE measures_2023 PARTITION OF measures FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')");
            s.execute("CREATE TABLE measures_2024 PARTITION OF measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
            s.execute("CREATE TABLE measures_rest PARTITION OF measures DEFAULT");
            s.execute("CREATE TABLE lines (id int PRIMARY KEY, qty int NOT NULL, price numeric(8,2),"
                    + " total numeric(12,2) GENERATED ALWAYS AS (qty * price) STORED, label text GENERATED ALWAYS AS"
                    + " (upper(coalesce(note, 'none'))) STORED, note text)");
            s.execute("INSERT INTO lines (id, qty, price, note) SELECT g, g, g / 4.0, CASE WHEN g % 2 = 0 THEN 'n' || g END"
                    + " FROM generate_series(1, 40) g");
            s.execute("CREATE TABLE scratch (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO scratch SELECT g, 'old ' || g FROM generate_series(1, 20) g");
            s.execute("CREATE TABLE stock (id int PRIMARY KEY, name text)");
            s.execute("INSERT INTO stock SELECT g, 'item ' || g FROM generate_series(1, 50) g");
            s.execute("INSERT INTO measures SELECT g, date '2023-01-01' + (g * 7 % 900), g / 3.0, 'snap ' || g"
                    + " FROM generate_series(1, 300) g");
        }
        String prefix = SharedServices.uniquePrefix("structure");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            // A publication made earlier (by hand, or by a run before partitions were handled), without
            // publish_via_partition_root: capture must set it.
            s.execute("CREATE PUBLICATION " + prefix + "_legacy FOR TABLE measures");
        }
        var config = ConfigLoader.load(pg.writeConfig(prefix, List.of("public.measures", "public.stock", "public.lines", "public.scratch"),
                "    ddl: evolve\n"), Map.of());
        configs = new StageConfigs(config, pg.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
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
    void checkAcceptsAPartitionedParentWithAPrimaryKey() {
        assertEquals(List.of(), SourceCheck.all(configs.captures().get(0)));
    }

    @Test
    @Order(2)
    void partitionedTableIsSnapshottedAndStreamedUnderItsParent() throws Exception {
        awaitSame("measures", "id, taken");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.executeUpdate("INSERT INTO measures VALUES (1001, '2023-03-01', 1.5, 'new 2023'),"
                    + " (1002, '2024-06-01', 2.5, 'new 2024'), (1003, '2030-01-01', 3.5, 'new rest')");
            s.executeUpdate("UPDATE measures SET note = 'updated', reading = reading + 100 WHERE id % 10 = 0");
            // Moves the row from measures_2023 to measures_2024: a delete and an insert in the partitions.
            s.executeUpdate("UPDATE measures SET taken = '2024-02-02', note = 'moved' WHERE id = 1001");
            s.executeUpdate("DELETE FROM measures WHERE id % 17 = 0");
        }
        List<String> target = awaitSame("measures", "id, taken");
        assertTrue(target.stream().anyMatch(r -> r.contains("\"id\":1001") && r.contains("2024-02-02")), target.toString());
        assertTrue(target.stream().noneMatch(r -> r.contains("\"id\":1001") && r.contains("2023-03-01")));
        try (Connection t = pg.target(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables"
                     + " WHERE table_schema = 'public' AND table_name LIKE 'measures%'")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "one target table under the parent's name, none per partition");
        }
    }

    @Test
    @Order(3)
    void columnAddedWithADefaultHasItInEveryExistingTargetRow() throws Exception {
        awaitSame("stock", "id");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("ALTER TABLE stock ADD COLUMN c int DEFAULT 7, ADD COLUMN label text NOT NULL DEFAULT 'it''s new',"
                    + " ADD COLUMN since date DEFAULT current_date - 1");
            s.executeUpdate("INSERT INTO stock (id, name) VALUES (51, 'after the alter')");
            s.executeUpdate("INSERT INTO stock (id, name, c, label) VALUES (52, 'own values', NULL, 'own')");
        }
        List<String> target = awaitSame("stock", "id");
        assertTrue(target.get(0).contains("\"c\":7") && target.get(0).contains("\"label\":\"it's new\""), target.get(0));
    }

    @Test
    @Order(4)
    void generatedColumnsStayEqualWhenTheirBaseColumnsChange() throws Exception {
        awaitSame("lines", "id");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.executeUpdate("UPDATE lines SET qty = qty * 10 WHERE id <= 10");
            s.executeUpdate("UPDATE lines SET note = 'changed', price = NULL WHERE id BETWEEN 11 AND 20");
            s.executeUpdate("INSERT INTO lines (id, qty, price) VALUES (41, 3, 2.50)");
        }
        List<String> target = awaitSame("lines", "id");
        assertTrue(target.get(0).contains("\"total\":2.50"), target.get(0));
        try (Connection t = pg.target(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(column_name || '=' || is_generated, ',' ORDER BY column_name)"
                     + " FROM information_schema.columns WHERE table_name = 'lines' AND is_generated = 'ALWAYS'")) {
            rs.next();
            assertEquals("label=ALWAYS,total=ALWAYS", rs.getString(1));
        }
    }

    @Test
    @Order(5)
    void truncateOnTheSourceEmptiesTheTargetTableBeforeTheChangesAfterIt() throws Exception {
        awaitSame("scratch", "id");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("TRUNCATE scratch");
            s.executeUpdate("INSERT INTO scratch VALUES (100, 'after the truncate'), (3, 'again')");
        }
        assertEquals(2, awaitSame("scratch", "id").size());
    }

    /** Waits until the table renders the same on both sides; returns the target's rendering. */
    private List<String> awaitSame(String table, String orderBy) throws Exception {
        String sql = "SELECT row_to_json(t)::text FROM public." + table + " t ORDER BY " + orderBy;
        Await.until(table + " identical in the target", Duration.ofSeconds(120),
                () -> difference(rows(pg::source, sql), rowsOrProblem(pg::target, sql)), String::isEmpty);
        return rows(pg::target, sql);
    }
}
