package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.Main;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The exit status of {@code ferry} commands, as a supervisor or a script sees them: 0 after a clean
 * stop on SIGTERM, 2 for an option naming something that does not exist, the config path taken
 * from {@code FERRY_CONFIG}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExitCodesTest {

    private PostgresPair pg;
    private Path config;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("exit-codes");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            s.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 20) g");
        }
        config = pg.writeConfig(SharedServices.uniquePrefix("exit"), List.of("public.items"), "");
    }

    @AfterAll
    void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aCleanStopOnSigtermExitsZero() throws Exception {
        Path log = pg.dir().resolve("sigterm.log");
        ChildPipeline child = ChildPipeline.start(config, pg.dir().resolve("state"), log);
        try {
            Await.until("the snapshot in the target", Duration.ofSeconds(180), this::targetRows, n -> n == 20);

            int exit = child.terminate();

            String printed = Files.readString(log);
            assertTrue(printed.contains("ferry: stopped cleanly"), printed);
            assertEquals(0, exit, "exit status after a clean stop on SIGTERM\n" + printed);
        } finally {
            child.kill();
        }
    }

    @Test
    void dlqRefusesAnUnknownCause() {
        Cli.Result result = Cli.run("dlq", "list", "--config", config.toString(), "--cause", "bogus");

        assertEquals(Main.BAD_USAGE, result.exit(), result.toString());
        assertTrue(result.err().contains("--cause: unknown cause 'bogus', expected one of: validation, constraint, type,"
                + " size, schema, decode, unknown"), result.toString());
        assertTrue(!result.out().contains("dead letters"), result.toString());
    }

    @Test
    void dlqRefusesAnUnknownStage() {
        Cli.Result result = Cli.run("dlq", "show", "--config", config.toString(), "--stage", "capture");

        assertEquals(Main.BAD_USAGE, result.exit(), result.toString());
        assertTrue(result.err().contains("--stage: unknown stage 'capture', expected one of: transform, sink"), result.toString());
    }

    @Test
    void verifyRefusesAnUnknownTable() {
        Cli.Result result = Cli.run("verify", "--config", config.toString(), "--table", "items", "--table", "nosuch");

        assertEquals(Main.BAD_USAGE, result.exit(), result.toString());
        assertTrue(result.err().contains("--table: no mapped table named nosuch; the mapped tables are fresh.items"),
                result.toString());
    }

    @Test
    void theConfigComesFromFerryConfigWhenNotGiven() throws Exception {
        Path log = pg.dir().resolve("env.log");
        ChildPipeline child = ChildPipeline.command(Map.of("FERRY_CONFIG", config.toString()), log, "dlq", "list");
        OptionalInt exit = child.awaitExit(Duration.ofSeconds(120));
        child.kill();

        String printed = Files.readString(log);
        assertEquals(OptionalInt.of(0), exit, printed);
        assertTrue(printed.contains("0 dead letters"), printed);
    }

    @Test
    void withoutConfigOrFerryConfigTheCommandSaysWhatIsMissing() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("FERRY_CONFIG") == null,
                "FERRY_CONFIG is set in the test's environment");

        Cli.Result result = Cli.run("status");

        assertEquals(Main.BAD_USAGE, result.exit(), result.toString());
        assertTrue(result.err().contains("say which ferry.yaml: --config FILE, or set FERRY_CONFIG"), result.toString());
    }

    private long targetRows() throws Exception {
        try (Connection target = pg.target(); Statement s = target.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name = 'items'")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                return 0;
            }
        }
        try (Connection target = pg.target(); Statement s = target.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
