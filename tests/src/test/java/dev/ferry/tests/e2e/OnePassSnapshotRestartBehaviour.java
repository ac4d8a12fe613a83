package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.ops.local.LocalPostgres;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.BusyApplication;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.ChurningWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A table read in one pass whose snapshot is cut by SIGKILL and read again from its first row: the
 * rows the first read copied and the source deleted before the second read began are gone from the
 * target too (the snapshot restart marker empties the table before the new read), so the target
 * ends identical while a writer updates, deletes and inserts throughout. One subclass per source
 * database; the table is {@code churn (id, name, qty, price, payload)} of {@link #ROWS} rows. A replay
 * of the mapped topic (rows of both reads, the marker between them) into an empty database ends the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OnePassSnapshotRestartBehaviour {

    protected static final int ROWS = 150_000;

    /** The source table as {@code /status} names it. */
    protected abstract String table();

    /** The pipeline's config: the source captures {@link #table()} into a target. */
    protected abstract Path writeConfig() throws Exception;

    /** Where the test's state and logs go. */
    protected abstract Path dir();

    /** Opens a connection to the source. */
    protected abstract BusyApplication.Connector source();

    /** The writer's update: parameters the step number and a key (string concatenation differs). */
    protected abstract String updateSql();

    /** The PostgreSQL instance holding the target database ({@code target}, target {@code fresh}). */
    protected abstract LocalPostgres targetPostgres();

    /** The source table as a mapping names it: {@code <source>.<schema>.<table>}. */
    protected abstract String mappingFrom();

    /**
     * What differs between the source table and the table {@code churn} of the PostgreSQL database
     * {@code database}, by SQL rendering; empty when identical.
     */
    protected abstract List<String> differences(String database) throws Exception;

    @Test
    void rowsDeletedBetweenTwoReadsOfAnInterruptedSnapshotAreGoneFromTheTarget() throws Exception {
        Path config = writeConfig();
        Path state = dir().resolve("state");
        ChurningWriter writer = new ChurningWriter(source(),
                "INSERT INTO churn (id, name, qty, payload) VALUES (?, 'live', 1, 'new')", updateSql(),
                "DELETE FROM churn WHERE id = ?", ROWS);

        Path firstLog = dir().resolve("first.log");
        JsonNode atKill;
        try (ChildPipeline first = ChildPipeline.start(config, state, firstLog)) {
            int port = ChildPipeline.httpPort(firstLog);
            atKill = Await.until("the snapshot at 40% or more", Duration.ofSeconds(300),
                    () -> ChildPipeline.sourceTable(port, table()), t -> t.path("snapshotRows").asLong() >= ROWS * 40L / 100);
            first.kill();
        }
        assertEquals("snapshotting", atKill.path("phase").asText(), "killed during the snapshot: " + atKill);
        long stepsAtKill = writer.steps();

        Path secondLog = dir().resolve("second.log");
        try (ChildPipeline second = ChildPipeline.start(config, state, secondLog)) {
            int port = ChildPipeline.httpPort(secondLog);
            Await.until("the snapshot read again and finished", Duration.ofSeconds(300),
                    () -> ChildPipeline.sourceTable(port, table()), t -> "streaming".equals(t.path("phase").asText()));
            Await.until("changes written after the restart", Duration.ofSeconds(60), writer::steps,
                    n -> n > stepsAtKill + 2_000);
            writer.close();
            Await.until("target identical to source", Duration.ofSeconds(180), () -> differences("target"), List::isEmpty);
        }
        assertTrue(Files.readString(secondLog).contains("snapshot of " + table() + " started again"),
                "the second run saw the read start again");
        assertEquals(List.of(), replayedIntoAnEmptyDatabase(config), "a replay of the mapped topic ends the same");
    }

    /** Replays target {@code fresh}'s mapped topic into an empty database; what differs from the source then. */
    private List<String> replayedIntoAnEmptyDatabase(Path config) throws Exception {
        LocalPostgres postgres = targetPostgres();
        postgres.createDatabase("spare");
        Path withSpare = dir().resolve("with-spare.yaml");
        List<String> yaml = new ArrayList<>(Files.readAllLines(config));
        yaml.addAll(List.of(
                "  - name: spare",
                "    type: postgres",
                "    url: " + postgres.jdbcUrl("spare"),
                "    user: " + postgres.user(),
                "    password: " + postgres.password(),
                "mappings:",
                "  - from: " + mappingFrom(),
                "    to: fresh.churn"));
        Files.write(withSpare, yaml);
        Cli.Result r = Cli.run("replay", "--config", withSpare.toString(), "--target", "fresh", "--into", "spare",
                "--state-dir", dir().resolve("state-replay").toString());
        assertEquals(0, r.exit(), r.toString());
        return differences("spare");
    }
}
