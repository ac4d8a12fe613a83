package dev.ferry.tests.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.Verifier;
import dev.ferry.ops.verify.VerifyReport;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.sql.Connection;
import java.sql.ResultSet;
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
 * A mapping addresses awkward names by their real names: {@code keep}, {@code columns.<name>.rename}
 * (to names that are awkward too), a {@code filter} and a {@code validate} rule on such columns,
 * from a table named {@code Client List} to one named {@code Given Names}. The expected target is
 * computed by the source database itself, with the filter and rule written in SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NamedMappingTest {

    private static final String MAPPING = """
            mappings:
              - from: legacy.public.Client List
                to: fresh.Given Names
                keep: [row id, "first name", "a b", a_b, '"quoted"']
                filter: '"first name" = ''Ann'' or "a b" = ''keep'''
                columns:
                  "first name": {rename: given}
                  "a b": {rename: "A  B"}
                  '"quoted"': {rename: 'it''s "q"'}
                validate:
                  - {id: a_b-present, rule: not-null, column: a_b}
            """;
    /** What the target must hold, by the source's own SQL: the kept columns, filtered and validated. */
    private static final String EXPECTED = """
            SELECT "row id"::text, "first name", "a b", a_b, \"""quoted\"""
            FROM "Client List" WHERE ("first name" = 'Ann' OR "a b" = 'keep') AND a_b IS NOT NULL
            ORDER BY "row id\"""";
    private static final String ACTUAL = """
            SELECT "row id"::text, given, "A  B", a_b, "it's \""q\"\""
            FROM "Given Names" ORDER BY "row id\"""";

    private PostgresPair pg;
    private Pipeline pipeline;
    private StageConfigs configs;

    @BeforeAll
    void startPipeline() throws Exception {
        pg = PostgresPair.start("named-mapping");
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE "Client List" ("row id" int PRIMARY KEY, "first name" text, "a b" text, a_b text,
                      \"""quoted\""" text, "dropped col" text)""");
            s.execute("""
                    INSERT INTO "Client List" VALUES
                      (1, 'Ann', 'x1', 'y1', 'q1', 'd1'),
                      (2, 'Bob', 'keep', 'y2', 'q2', 'd2'),
                      (3, 'Cy', 'z3', 'y3', 'q3', 'd3'),
                      (4, 'Ann', 'x4', NULL, 'q4', 'd4')""");
        }
        configs = new StageConfigs(ConfigLoader.load(pg.writeConfig(SharedServices.uniquePrefix("named-mapping"),
                List.of("public.Client List"), MAPPING), Map.of()), pg.dir().resolve("state"));
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
    void snapshotIsMappedByTheRealNames() throws Exception {
        List<List<String>> expected = rows(pg.source(), EXPECTED);
        assertEquals(List.of("1", "2"), expected.stream().map(r -> r.get(0)).toList());
        Await.until("rows 1 and 2 mapped into \"Given Names\"", Duration.ofSeconds(180),
                () -> rows(pg.target(), ACTUAL), expected::equals);
        assertEquals(List.of("row id", "given", "A  B", "a_b", "it's \"q\""),
                new NamedSide(true, pg::target, "public").columns("Given Names"));
    }

    @Test
    @Order(2)
    void streamedChangesAreMappedByTheRealNames() throws Exception {
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE \"Client List\" SET \"a b\" = 'keep' WHERE \"row id\" = 3");
            s.executeUpdate("UPDATE \"Client List\" SET a_b = 'y2b', \"\"\"quoted\"\"\" = 'q2b' WHERE \"row id\" = 2");
            s.executeUpdate("INSERT INTO \"Client List\" VALUES (5, 'Ann', 'x5', 'y5', 'q5', 'd5')");
        }
        List<List<String>> expected = rows(pg.source(), EXPECTED);
        assertEquals(List.of("1", "2", "3", "5"), expected.stream().map(r -> r.get(0)).toList());
        Await.until("the streamed changes mapped into \"Given Names\"", Duration.ofSeconds(180),
                () -> rows(pg.target(), ACTUAL), expected::equals);
    }

    @Test
    @Order(3)
    void verifyComparesThroughTheMapping() {
        VerifyReport report = new Verifier(configs, Duration.ofSeconds(5)).verify(List.of(), t -> { });
        assertTrue(report.identical(), report.toText());
    }

    private static List<List<String>> rows(Connection connection, String sql) throws Exception {
        try (Connection c = connection; Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (java.sql.SQLException e) {
            return List.of(List.of("unreadable: " + e.getMessage()));
        }
    }
}
