package dev.ferry.tests.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.Main;
import dev.ferry.ops.local.LocalPostgres;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ferry run} runs the preflight of {@code ferry check} before it starts anything, and refuses
 * what can never work by waiting with the same one-line messages, exit 1 for the environment and 2
 * for the config, without a stack trace: a source without logical decoding, a registry URL where no
 * registry API answers, a mapping naming a column its table lacks. Each run is a real process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunPreflightTest {

    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(60);

    private Path dir;
    private LocalPostgres replica;
    private LocalPostgres logical;

    @BeforeAll
    void start() throws Exception {
        dir = TestDirs.fresh("run-preflight");
        replica = LocalPostgres.start(dir.resolve("replica"), false, Map.of("wal_level", "replica"));
        logical = LocalPostgres.start(dir.resolve("logical"));
        for (LocalPostgres pg : new LocalPostgres[]{replica, logical}) {
            pg.createDatabase("source");
            pg.createDatabase("target");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("source"), pg.user(), pg.password());
                 Statement s = c.createStatement()) {
                s.execute("CREATE TABLE customers (id int PRIMARY KEY, email text, name text)");
                s.execute("INSERT INTO customers VALUES (1, 'a@example.com', 'Ann')");
            }
        }
    }

    @AfterAll
    void stop() {
        if (replica != null) {
            replica.close();
        }
        if (logical != null) {
            logical.close();
        }
    }

    @Test
    void runRefusesASourceWithoutLogicalDecodingAndStartsNothing() throws Exception {
        Path config = writeConfig("wal", replica, SharedServices.get().registryUrl(), "");

        String check = Cli.run("check", "--config", config.toString()).out();
        Run run = run(config, "wal");

        String problem = "wal_level is replica: capture needs wal_level = logical";
        assertTrue(check.contains(problem), check);
        assertEquals(Main.FAILED, run.exit(), run.log());
        assertTrue(run.log().lines().anyMatch(l -> l.startsWith("source legacy") && l.contains("FAIL " + problem)), run.log());
        assertTrue(run.log().contains("ferry run: refused, nothing started"), run.log());
        assertNoStackTrace(run);
        try (Connection c = DriverManager.getConnection(replica.jdbcUrl("source"), replica.user(), replica.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_publication")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the refused run created a publication");
        }
    }

    @Test
    void aRegistryUrlWithoutItsApiPathIsRefusedByCheckAndRun() throws Exception {
        String url = SharedServices.get().registryUrl();
        String root = url.substring(0, url.indexOf("/apis/"));
        Path config = writeConfig("registry", logical, root, "");

        Cli.Result check = Cli.run("check", "--config", config.toString());
        Run run = run(config, "registry");

        String problem = "answered HTTP 404 to GET /subjects: no Confluent-compatible registry API at this URL";
        assertEquals(Main.BAD_USAGE, check.exit(), check.toString());
        assertTrue(check.out().lines().anyMatch(l -> l.startsWith("registry") && l.contains("FAIL") && l.contains(problem)),
                check.toString());
        assertEquals(Main.BAD_USAGE, run.exit(), run.log());
        assertTrue(run.log().contains(problem), run.log());
        assertNoStackTrace(run);
    }

    @Test
    void aMappingNamingAColumnTheTableLacksIsRefusedByCheckAndRun() throws Exception {
        Path config = writeConfig("column", logical, SharedServices.get().registryUrl(), """
                mappings:
                  - from: legacy.public.customers
                    to: fresh.customers
                    columns:
                      emial: {mask: redact}
                    keep: [id, emial, name]
                    filter: "nmae is not null"
                """);

        Cli.Result check = Cli.run("check", "--config", config.toString());
        Run run = run(config, "column");

        String columns = "source table public.customers has no column emial (it has: email, id, name)";
        assertEquals(Main.BAD_USAGE, check.exit(), check.toString());
        for (String problem : new String[]{"mappings[0].columns.emial: " + columns, "mappings[0].keep: " + columns,
                "mappings[0].filter: source table public.customers has no column nmae"}) {
            assertTrue(check.out().lines().anyMatch(l -> l.startsWith("mappings legacy") && l.contains("FAIL " + problem)),
                    problem + "\n" + check);
            assertTrue(run.log().contains(problem), problem + "\n" + run.log());
        }
        assertEquals(Main.BAD_USAGE, run.exit(), run.log());
        assertNoStackTrace(run);
    }

    @Test
    void aMappingOverExistingColumnsPassesCheck() throws Exception {
        Path config = writeConfig("columns-ok", logical, SharedServices.get().registryUrl(), """
                mappings:
                  - from: legacy.public.customers
                    to: fresh.customers
                    columns:
                      email: {mask: redact}
                    filter: "name is not null"
                """);

        Cli.Result check = Cli.run("check", "--config", config.toString());

        assertEquals(Main.OK, check.exit(), check.toString());
        assertTrue(check.out().lines().anyMatch(l -> l.startsWith("mappings legacy") && l.endsWith(": ok")), check.toString());
    }

    private record Run(int exit, String log) {
    }

    /** {@code ferry run} in its own JVM; it must end by itself, refused, within a minute. */
    private Run run(Path config, String name) throws Exception {
        Path log = dir.resolve(name + "-run.log");
        ChildPipeline child = ChildPipeline.command(Map.of(), log, "run", "--config", config.toString(),
                "--state-dir", dir.resolve(name + "-state").toString(), "--http-port", "0");
        try {
            OptionalInt exit = child.awaitExit(REFUSED_WITHIN);
            String printed = Files.readString(log);
            assertTrue(exit.isPresent(), "ferry run was not refused: still running after " + REFUSED_WITHIN + "\n" + printed);
            return new Run(exit.getAsInt(), printed);
        } finally {
            child.kill();
        }
    }

    private static void assertNoStackTrace(Run run) {
        assertFalse(run.log().lines().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception")), run.log());
    }

    private Path writeConfig(String name, LocalPostgres pg, String registry, String mappings) throws Exception {
        String yaml = """
                kafka:
                  bootstrap-servers: %s
                  schema-registry: %s
                  topic-prefix: %s
                sources:
                  - {name: legacy, type: postgres, url: "%s", user: %s, password: "%s", tables: [public.customers]}
                targets:
                  - {name: fresh, type: postgres, url: "%s", user: %s, password: "%s"}
                %s""".formatted(SharedServices.get().bootstrapServers(), registry, SharedServices.uniquePrefix(name),
                pg.jdbcUrl("source"), pg.user(), pg.password(), pg.jdbcUrl("target"), pg.user(), pg.password(), mappings);
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
