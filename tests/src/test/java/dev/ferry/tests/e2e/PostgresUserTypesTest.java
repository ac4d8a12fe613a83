package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.ferry.tests.fixtures.SqlRenderings.rows;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.SqlRenderings.Opener;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL → PostgreSQL into a target that lacks the source's user types: Ferry creates the enum,
 * composite, domain and range types (in their own schema, with their definition) before the table,
 * and every row arrives, snapshot and stream; a type of an extension the target lacks is refused by
 * {@code ferry check} and {@code ferry run} with what to do. Judged by {@code row_to_json},
 * {@code format_type} and the types' definitions as both databases render them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresUserTypesTest {

    private static final String ROWS = "SELECT row_to_json(t)::text FROM public.people t ORDER BY id";
    private static final String COLUMN_TYPES = "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', '"
            + " ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'public.people'::regclass AND attnum > 0";
    private static final String DEFINITIONS = """
            SELECT string_agg(x, ' | ' ORDER BY x) FROM (
              SELECT 'enum ' || n.nspname || '.' || t.typname || ' ' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                FROM pg_enum e WHERE e.enumtypid = t.oid) AS x
                FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e'
              UNION ALL
              SELECT 'domain ' || t.typname || ' ' || format_type(t.typbasetype, t.typtypmod) || ' ' || t.typnotnull
                || ' ' || coalesce(t.typdefault, '') || ' ' || coalesce((SELECT string_agg(pg_get_constraintdef(c.oid), ',')
                FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'), '')
                FROM pg_type t WHERE t.typtype = 'd' AND t.typnamespace = 'public'::regnamespace
              UNION ALL
              SELECT 'composite ' || t.typname || ' ' || (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ','
                ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.typrelid)
                FROM pg_type t JOIN pg_class r ON r.oid = t.typrelid WHERE r.relkind = 'c' AND t.typnamespace = 'public'::regnamespace
              UNION ALL
              SELECT 'range ' || t.typname || ' ' || format_type(g.rngsubtype, NULL)
                FROM pg_type t JOIN pg_range g ON g.rngtypid = t.oid WHERE t.typnamespace = 'public'::regnamespace) d""";

    private PostgresPair pg;
    private Pipeline pipeline;
    private String prefix;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("user-types");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'it''s \"odd\"')");
            s.execute("CREATE SCHEMA extra");
            s.execute("CREATE TYPE extra.\"Level\" AS ENUM ('low', 'high')");
            s.execute("CREATE TYPE address AS (street text, zip integer, moods mood[])");
            s.execute("CREATE DOMAIN posint AS integer DEFAULT 1 NOT NULL CONSTRAINT posint_positive CHECK (VALUE > 0)");
            s.execute("CREATE TYPE floatrange AS RANGE (subtype = float8)");
            s.execute("CREATE TABLE people (id int PRIMARY KEY, m mood, a address, p posint, fr floatrange,"
                    + " ms mood[], lv extra.\"Level\")");
            s.execute("INSERT INTO people VALUES (1, 'happy', ROW('Main St', 12345, '{sad,ok}'), 5, '[1.5,2.5)',"
                    + " '{happy,NULL}', 'high'), (2, 'it''s \"odd\"', NULL, 1, 'empty', '{}', NULL)");
            s.execute("CREATE EXTENSION hstore");
            s.execute("CREATE TABLE tagged (id int PRIMARY KEY, h hstore)");
        }
        prefix = SharedServices.uniquePrefix("usertypes");
        var config = ConfigLoader.load(pg.writeConfig(prefix, List.of("public.people"), "    ddl: create\n"), Map.of());
        pipeline = new Pipeline(new StageConfigs(config, pg.dir().resolve("state")), EnumSet.allOf(Stage.class));
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
    void userTypesTheTargetLacksAreCreatedThereAndEveryRowArrives() throws Exception {
        awaitSame();
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.executeUpdate("INSERT INTO people VALUES (3, 'sad', ROW('Side \"St\"', NULL, ARRAY['it''s \"odd\"']::mood[]), 7,"
                    + " '(,3]', '{ok,ok}', 'low')");
            s.executeUpdate("UPDATE people SET m = 'ok', a = ROW('Moved', 1, NULL), lv = 'low' WHERE id = 1");
        }
        awaitSame();
        assertEquals(one(pg::source, COLUMN_TYPES), one(pg::target, COLUMN_TYPES), "column types");
        assertEquals(one(pg::source, DEFINITIONS), one(pg::target, DEFINITIONS), "type definitions");
    }

    @Test
    void aTypeOfAnExtensionTheTargetLacksIsRefusedByCheckAndRun() throws Exception {
        pg.postgres().createDatabase("bare");
        Path config = pg.writeConfig(prefix + "x", List.of("public.tagged"), "");
        Files.writeString(config, Files.readString(config).replace(pg.postgres().jdbcUrl("target"), pg.postgres().jdbcUrl("bare")));
        for (List<String> command : List.of(List.of("check"), List.of("run", "--state-dir", pg.dir().resolve("state-x").toString()))) {
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--config", config.toString()));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(1, r.exit(), r.toString());
            String out = r.out() + r.err();
            assertTrue(out.contains("column public.tagged.h has type public.hstore of extension hstore, which target fresh"
                    + " lacks: run CREATE EXTENSION \"hstore\" in the target database"), out);
        }
    }

    private void awaitSame() throws Exception {
        Await.until("people identical in the target", Duration.ofSeconds(120), () -> {
            try {
                return rows(pg::source, ROWS).equals(rows(pg::target, ROWS));
            } catch (SQLException e) {
                return false;
            }
        }, same -> same);
    }

    private static String one(Opener opener, String sql) throws SQLException {
        try (Connection c = opener.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
