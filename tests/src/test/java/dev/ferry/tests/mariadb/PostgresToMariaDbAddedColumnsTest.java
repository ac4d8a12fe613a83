package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL → MariaDB with {@code ddl: evolve}: columns added at the source with a default
 * (text with a quote and a backslash, integer, date, boolean, numeric, timestamptz) give the rows
 * that existed before the default in the target too, not NULL; judged by the SQL renderings of both sides.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresToMariaDbAddedColumnsTest {

    private static final Duration WITHIN = Duration.ofSeconds(120);
    private static final String SOURCE = "SELECT id::text, qty::text, c::text, label, since::text,"
            + " CASE WHEN flag THEN '1' WHEN NOT flag THEN '0' END, amount::text,"
            + " to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM stock ORDER BY id";
    private static final String TARGET = "SELECT CAST(id AS CHAR), CAST(qty AS CHAR), CAST(c AS CHAR), label,"
            + " CAST(since AS CHAR), CAST(flag AS CHAR), CAST(amount AS CHAR), CAST(at AS CHAR) FROM stock ORDER BY id";

    private PostgresPair pg;
    private TargetDb target;
    private Pipeline pipeline;

    @BeforeAll
    void startPipeline() throws Exception {
        pg = PostgresPair.start("pg-maria-added");
        target = TargetDb.mariadb("pg-maria-added-target");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE stock (id int PRIMARY KEY, qty int)");
            s.execute("INSERT INTO stock VALUES (1, 10), (2, 20)");
        }
        var config = ConfigLoader.load(pg.writeConfig(SharedServices.uniquePrefix("pgmadded"),
                List.of("public.stock"), target, "    ddl: evolve\n"), Map.of());
        pipeline = new Pipeline(new StageConfigs(config, pg.dir().resolve("state")), EnumSet.allOf(Stage.class));
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
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void rowsThatExistedBeforeAnAddedColumnGetItsDefault() throws Exception {
        Await.until("the snapshot in MariaDB", WITHIN, () -> targetRows("SELECT id FROM stock"), rows -> rows.size() == 2);
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("ALTER TABLE stock ADD COLUMN c int DEFAULT 7, ADD COLUMN label text NOT NULL DEFAULT"
                    + " E'it''s \\\\ new', ADD COLUMN since date DEFAULT '2024-02-29', ADD COLUMN flag boolean DEFAULT true,"
                    + " ADD COLUMN amount numeric(10,2) DEFAULT 1.5, ADD COLUMN at timestamptz DEFAULT '2024-03-01 01:30+05:30'");
            s.executeUpdate("INSERT INTO stock (id, qty, c, label, flag) VALUES (3, 30, NULL, 'given', false)");
        }
        List<List<String>> expected;
        try (Connection source = pg.source()) {
            expected = MariaDbTableStructureTest.rows(source, SOURCE);
        }
        try {
            Await.until("the added columns in MariaDB", WITHIN, () -> targetRows(TARGET), rows -> rows.equals(expected));
        } catch (AssertionError e) {
            assertEquals(expected, targetRows(TARGET));
            throw e;
        }
    }

    private List<List<String>> targetRows(String sql) throws Exception {
        try (Connection t = target.connect()) {
            return MariaDbTableStructureTest.rows(t, sql);
        } catch (SQLException e) {
            return List.of(); // the table or its new columns are not there yet
        }
    }
}
