package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.ferry.tests.fixtures.SqlRenderings.difference;
import static dev.ferry.tests.fixtures.SqlRenderings.rows;
import static dev.ferry.tests.fixtures.SqlRenderings.rowsOrProblem;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.sink.SinkStage;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.SqlRenderings.Opener;
import dev.ferry.tests.fixtures.TargetDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * A source {@code TRUNCATE} between changes, PostgreSQL → a PostgreSQL and a MariaDB target that
 * apply it, and a PostgreSQL target with {@code truncate: ignore}; then a replay of the mapped topic
 * into a fresh database. The table's rows travel through two partitions, and the truncate falls in
 * the middle of a transaction, so a truncate applied out of order with the rows around it leaves rows
 * the source no longer has or loses rows it has. Judged by what the databases render in SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TruncateTest {

    private static final Duration WITHIN = Duration.ofSeconds(120);
    private static final String PG_ROWS = "SELECT row_to_json(t)::text FROM public.events t ORDER BY id";

    private PostgresPair pg;
    private TargetDb maria;
    private Path config;
    private Pipeline pipeline;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("truncate");
        maria = TargetDb.mariadb("truncate-maria");
        pg.postgres().createDatabase("keep");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE events (id int PRIMARY KEY, note text)");
            s.execute("INSERT INTO events SELECT g, 'snapshot ' || g FROM generate_series(1, 30) g");
        }
        String prefix = SharedServices.uniquePrefix("truncate");
        config = pg.writeConfig(prefix, List.of("public.events"), """
                  - name: maria
                    type: mariadb
                    url: %s
                    user: %s
                    password: %s
                    schema: %s
                  - name: keep
                    type: postgres
                    url: %s
                    user: %s
                    password: %s
                    truncate: ignore
                """.formatted(maria.jdbcUrl(), maria.user(), maria.password(), maria.schema(),
                pg.postgres().jdbcUrl("keep"), pg.postgres().user(), pg.postgres().password()));
        pipeline = new Pipeline(new StageConfigs(ConfigLoader.load(config, Map.of()), pg.dir().resolve("state")),
                EnumSet.allOf(Stage.class));
        pipeline.start();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (maria != null) {
            maria.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void truncateIsAppliedInOrderWithTheChangesAroundIt() throws Exception {
        awaitSameInPostgres(pg::target);
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.executeUpdate("INSERT INTO events SELECT g, 'before ' || g FROM generate_series(31, 200) g");
            s.executeUpdate("UPDATE events SET note = 'updated before' WHERE id % 3 = 0");
            source.setAutoCommit(false);
            s.executeUpdate("INSERT INTO events SELECT g, 'same transaction, before ' || g FROM generate_series(201, 400) g");
            s.execute("TRUNCATE events");
            s.executeUpdate("INSERT INTO events SELECT g, 'same transaction, after ' || g FROM generate_series(150, 260) g");
            source.commit();
            source.setAutoCommit(true);
            s.executeUpdate("INSERT INTO events SELECT g, 'later ' || g FROM generate_series(500, 600) g");
            s.executeUpdate("UPDATE events SET note = 'updated after' WHERE id % 5 = 0");
            s.executeUpdate("DELETE FROM events WHERE id % 7 = 0");
        }
        List<String> target = awaitSameInPostgres(pg::target);
        assertEquals(111 + 101 - 16 - 14, target.size(), "the rows after the truncate only");
        awaitSameInMariaDb();
        assertEquals(Map.of("events", 1L), sink("fresh").progress().truncated());
    }

    @Test
    @Order(2)
    void truncateIgnoredLeavesTheTargetRowsAndIsCounted() throws Exception {
        Opener keep = () -> DriverManager.getConnection(pg.postgres().jdbcUrl("keep"), pg.postgres().user(),
                pg.postgres().password());
        // Every row the source ever had stays; the changes after the truncate are applied as usual.
        String after = "SELECT row_to_json(t)::text FROM public.events t WHERE id >= 150 AND id <= 260 OR id >= 500 ORDER BY id";
        Await.until("the changes after the truncate in target keep", WITHIN,
                () -> difference(rows(pg::source, after), rowsOrProblem(keep, after)), String::isEmpty);
        List<String> kept = rows(keep, "SELECT note FROM public.events WHERE id IN (1, 30, 31, 400) ORDER BY id");
        assertEquals(List.of("snapshot 1", "updated before", "before 31", "same transaction, before 400"), kept);
        assertEquals(Map.of("events", 1L), sink("keep").progress().truncatesIgnored());
        assertEquals(Map.of(), sink("keep").progress().truncated());
    }

    @Test
    @Order(3)
    void replayOfTheMappedTopicIntoAnotherDatabaseGivesTheSame() throws Exception {
        awaitSameInPostgres(pg::target);
        pipeline.close();
        pipeline = null;
        pg.postgres().createDatabase("spare");
        Path withSpare = pg.dir().resolve("with-spare.yaml");
        List<String> yaml = new ArrayList<>(Files.readAllLines(config));
        yaml.addAll(List.of(
                "  - name: spare",
                "    type: postgres",
                "    url: " + pg.postgres().jdbcUrl("spare"),
                "    user: " + pg.postgres().user(),
                "    password: " + pg.postgres().password(),
                "mappings:",
                "  - from: legacy.public.events",
                "    to: fresh.events"));
        Files.write(withSpare, yaml);
        Cli.Result r = Cli.run("replay", "--config", withSpare.toString(), "--target", "fresh", "--into", "spare",
                "--state-dir", pg.dir().resolve("state-replay").toString());
        assertEquals(0, r.exit(), r.toString());
        Opener spare = () -> DriverManager.getConnection(pg.postgres().jdbcUrl("spare"), pg.postgres().user(),
                pg.postgres().password());
        assertEquals("", difference(rows(pg::source, PG_ROWS), rowsOrProblem(spare, PG_ROWS)));
    }

    private SinkStage sink(String target) {
        return pipeline.sinks().stream().filter(s -> s.target().equals(target)).findFirst().orElseThrow();
    }

    private List<String> awaitSameInPostgres(Opener target) throws Exception {
        Await.until("events identical in the PostgreSQL target", WITHIN,
                () -> difference(rows(pg::source, PG_ROWS), rowsOrProblem(target, PG_ROWS)), String::isEmpty);
        return rows(target, PG_ROWS);
    }

    private void awaitSameInMariaDb() throws Exception {
        Await.until("events identical in the MariaDB target", WITHIN,
                () -> difference(rows(pg::source, "SELECT id::text || '|' || coalesce(note, '') FROM events ORDER BY id"),
                        rowsOrProblem(maria::connect, "SELECT CONCAT(CAST(id AS CHAR), '|', COALESCE(note, ''))"
                                + " FROM events ORDER BY id")), String::isEmpty);
    }
}
