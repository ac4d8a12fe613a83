package dev.ferry.tests.e2e;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Type fidelity from a PostgreSQL source through the whole pipeline into a target: one table with
 * a column of each type that is hard to carry exactly, rows of edge values, and a subclass per
 * target that says what each value must become there.
 *
 * <p>Rows: 1 ordinary values of every column; 2 NULL in every column; 3, 4, 5 double NaN,
 * +Infinity, -Infinity; 6 a numeric with 40 decimals; 7 a text of 1 MiB with 4-byte characters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TypeFidelityTest {

    static final String TABLE = "fidelity";
    static final String BIG_TEXT_SQL = "repeat('0123456789abcdef🚀𝔸', 52429)";

    PostgresPair pg;
    TargetDb target;
    Pipeline pipeline;

    abstract TargetDb startTarget(String name);

    /** More source tables (schema.table) a subclass moves in the same pipeline; created by {@link #createMoreTables}. */
    List<String> moreTables() {
        return List.of();
    }

    /** Creates the tables of {@link #moreTables} (and what the target needs for them) before the pipeline starts. */
    void createMoreTables(Connection source) throws Exception {
    }

    @BeforeAll
    void startPipeline() throws Exception {
        String name = getClass().getSimpleName().toLowerCase();
        pg = PostgresPair.start(name);
        target = startTarget(name + "-target");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("""
                    CREATE TABLE fidelity (
                      id bigint PRIMARY KEY, n38 numeric(38,10), nn numeric, tz timestamptz, ts timestamp, d date,
                      tm time, u uuid, j json, jb jsonb, bin bytea, t text, b boolean, f double precision, big text)""");
            s.execute("""
                    INSERT INTO fidelity VALUES
                      (1, 1234567890123456789012345678.0123456789, 12345678901234567890.123456789012345678,
                       '2024-03-01 01:30:00.123456+05:30', '2024-03-01 01:30:00.123456', '1999-12-31', '23:59:59.999999',
                       'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"b": 1, "a": [1, "x", null]}', '{"k": "v"}',
                       '\\x00ff10', 'emoji 🚀 𝔸 ünï 中文', true, 1.5e300, 'small'),
                      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)""");
            s.execute("INSERT INTO fidelity (id, f) VALUES (3, 'NaN'), (4, 'Infinity'), (5, '-Infinity')");
            s.execute("INSERT INTO fidelity (id, nn) VALUES (6, 0.12345678901234567890123456789012345678901)");
            s.execute("INSERT INTO fidelity (id, big) VALUES (7, " + BIG_TEXT_SQL + ")");
        }
        try (Connection source = pg.source()) {
            createMoreTables(source);
        }
        List<String> tables = new java.util.ArrayList<>(List.of("public." + TABLE));
        tables.addAll(moreTables());
        var config = ConfigLoader.load(pg.writeConfig(SharedServices.uniquePrefix(name), tables, target, ""), Map.of());
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
}
