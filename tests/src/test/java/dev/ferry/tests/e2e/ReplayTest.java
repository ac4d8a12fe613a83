package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Re-running a migration from Kafka alone: the capture stage is stopped for good once the first
 * run is over, so nothing here can read the source again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayTest {

    private static final int ROWS = 2_000;

    private PostgresPair pg;
    private Path config;
    private String prefix;

    @BeforeAll
    void migrateOnceThenStopEverything() throws Exception {
        pg = PostgresPair.start("replay");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE books (id int PRIMARY KEY, title text, pages int, published date)");
            s.execute("INSERT INTO books SELECT g, 'title ' || g, g % 700, DATE '2000-01-01' + g FROM generate_series(1, "
                    + ROWS + ") g");
        }
        prefix = SharedServices.uniquePrefix("replay");
        config = pg.writeConfig(prefix, List.of("public.books"), "");
        try (Pipeline pipeline = new Pipeline(new StageConfigs(ConfigLoader.load(config, Map.of()),
                pg.dir().resolve("state")), EnumSet.allOf(Stage.class))) {
            pipeline.start();
            Await.until("first run identical", Duration.ofSeconds(180),
                    () -> pg.compare("public", List.of("books")), PostgresPair::identical);
        }
        // From here on no capture stage runs: whatever a replay reads, it is not the source (and
        // the source's scan counters prove it, see sourceReads()).
    }

    @AfterAll
    void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void statusOfAStoppedPipelineIsReadFromKafka() {
        Cli.Result r = Cli.run("status", "--config", config.toString(), "--url", "http://localhost:1/status");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().matches("(?s)pipeline replay\\d+ not running \\(read from Kafka\\).*"), r.out());
        assertTrue(r.out().contains("raw topic 2,000 records"), r.out());
        assertTrue(r.out().matches("(?s).*transform STOPPED\\s+lag 0\\s+dead letters 0.*"), r.out());
        assertTrue(r.out().contains("table books"), r.out());
        assertTrue(r.out().matches("(?s).*target fresh\\s+sink not running\\s+lag 0 .*"), r.out());
    }

    @Test
    void refusesWhileTheSinkItWouldRewindIsRunning() throws Exception {
        try (Pipeline sinkOnly = new Pipeline(new StageConfigs(ConfigLoader.load(config, Map.of()),
                pg.dir().resolve("state-sink")), EnumSet.of(Stage.SINK))) {
            sinkOnly.start();
            Cli.Result r = Await.until("sink group joined", Duration.ofSeconds(60),
                    () -> Cli.run("replay", "--config", config.toString(), "--target", "fresh"), x -> x.exit() != 0);
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("the sink of target fresh is running"), r.err());
            assertTrue(r.err().contains("Stop the `ferry run`"), r.err());
        }
    }

    @Test
    void droppedTargetTableIsRebuiltIdenticalFromTheMappedTopics() throws Exception {
        try (Connection target = pg.target(); Statement s = target.createStatement()) {
            s.execute("DROP TABLE books");
        }
        // The source is out of reach during the replay: a replay that read it would fail.
        Cli.Result r;
        sourceReachable(false);
        try {
            r = Cli.run("replay", "--config", config.toString(), "--target", "fresh", "--from", "earliest",
                    "--state-dir", pg.dir().resolve("state-replay").toString());
        } finally {
            sourceReachable(true);
        }
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("replay: done, " + String.format("%,d", ROWS) + " rows applied into target fresh"),
                r.out());
        assertTrue(PostgresPair.identical(pg.compare("public", List.of("books"))));
    }

    @Test
    void replayIntoAnotherTargetFillsAFreshDatabase() throws Exception {
        pg.postgres().createDatabase("spare");
        // A second target the pipeline never wrote: the only mapping of the table goes to fresh.
        Path twoTargets = pg.dir().resolve("two-targets.yaml");
        List<String> yaml = new ArrayList<>(Files.readAllLines(config));
        yaml.addAll(List.of(
                "  - name: spare",
                "    type: postgres",
                "    url: " + pg.postgres().jdbcUrl("spare"),
                "    user: " + pg.postgres().user(),
                "    password: " + pg.postgres().password(),
                "mappings:",
                "  - from: legacy.public.books",
                "    to: fresh.books"));
        Files.write(twoTargets, yaml);

        Cli.Result r = Cli.run("replay", "--config", twoTargets.toString(), "--target", "fresh", "--into", "spare",
                "--state-dir", pg.dir().resolve("state-replay").toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(String.format("%,d", ROWS) + " rows applied into target spare from the mapped topics of fresh"),
                r.out());
        try (Connection source = pg.source();
             Connection spare = java.sql.DriverManager.getConnection(pg.postgres().jdbcUrl("spare"),
                     pg.postgres().user(), pg.postgres().password())) {
            var result = dev.ferry.ops.verify.TableComparison.compare(source, spare, "public", "books");
            assertTrue(result.identical(), result.toString());
        }
    }

    @Test
    void changedMappingReplayedThroughTheTransformGivesTheTargetTheNewShape() throws Exception {
        // A target of its own (database "renamed"), so that fresh's mapped topic, which the other
        // tests replay, keeps its shape whatever order the tests run in.
        pg.postgres().createDatabase("renamed");
        Path renamed = pg.dir().resolve("renamed.yaml");
        List<String> yaml = new ArrayList<>(Files.readAllLines(config));
        yaml.addAll(List.of(
                "  - name: renamed",
                "    type: postgres",
                "    url: " + pg.postgres().jdbcUrl("renamed"),
                "    user: " + pg.postgres().user(),
                "    password: " + pg.postgres().password(),
                "mappings:",
                "  - from: legacy.public.books",
                "    to: renamed.books",
                "    columns:",
                "      title:",
                "        rename: book_title"));
        Files.write(renamed, yaml);

        Cli.Result r = Cli.run("replay", "--config", renamed.toString(), "--transform",
                "--state-dir", pg.dir().resolve("state-replay-transform").toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("replay --transform: done, " + String.format("%,d", ROWS) + " raw records mapped again"),
                r.out());

        try (Pipeline sinkOnly = new Pipeline(new StageConfigs(ConfigLoader.load(renamed, Map.of()),
                pg.dir().resolve("state-sink-renamed")), EnumSet.of(Stage.SINK))) {
            sinkOnly.start();
            Await.until("re-mapped rows applied", Duration.ofSeconds(120),
                    () -> countOrMinusOne("renamed", "SELECT count(*) FROM books"), n -> n == ROWS);
        }
        assertEquals(ROWS, count("renamed", "SELECT count(*) FROM books b WHERE b.book_title = 'title ' || b.id"));
        assertEquals(0, count("renamed", "SELECT count(*) FROM information_schema.columns WHERE table_name = 'books' "
                + "AND column_name = 'title'"));
    }

    /**
     * Takes the source database out of reach (no connection accepted, every session ended) or gives it
     * back. The source and target share one server, so the database is closed rather than the server stopped.
     */
    private void sourceReachable(boolean reachable) throws Exception {
        try (Connection admin = pg.target(); Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE source ALLOW_CONNECTIONS " + reachable);
            if (!reachable) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'source'"
                        + " AND pid <> pg_backend_pid()");
                try (Connection refused = pg.source()) {
                    throw new AssertionError("the source still accepts connections");
                } catch (java.sql.SQLException expected) {
                    // out of reach, as intended
                }
            }
        }
    }

    /** The count in database {@code db}, or -1 while the sink has not created the table yet. */
    private long countOrMinusOne(String db, String sql) {
        try {
            return count(db, sql);
        } catch (Exception e) {
            return -1;
        }
    }

    private long count(String db, String sql) throws Exception {
        try (Connection target = java.sql.DriverManager.getConnection(pg.postgres().jdbcUrl(db), pg.postgres().user(),
                pg.postgres().password()); Statement s = target.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
