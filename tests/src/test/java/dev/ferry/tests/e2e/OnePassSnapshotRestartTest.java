package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.ChurningWriter;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A table read in one pass (its {@code numeric} column travels as PostgreSQL text) whose snapshot
 * is cut by SIGKILL and read again from its first row: the rows the first read copied and the source
 * deleted before the second read began are gone from the target too (the snapshot restart marker
 * empties the table before the new read), so the target ends identical while a writer updates,
 * deletes and inserts throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnePassSnapshotRestartTest {

    private static final int ROWS = 150_000;
    private static final String TABLE = "public.churn";

    private PostgresPair pg;
    private String prefix;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("one-pass-restart");
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE churn (id bigint PRIMARY KEY, name varchar(40) NOT NULL, qty integer,"
                    + " price numeric(12,2), payload text)");
            s.execute("INSERT INTO churn SELECT g, 'row ' || g, g % 1000, g / 7.0, repeat(md5(g::text), 4)"
                    + " FROM generate_series(1, " + ROWS + ") g");
            s.execute("VACUUM ANALYZE churn");
        }
        prefix = SharedServices.uniquePrefix("onepass");
    }

    @AfterAll
    void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void rowsDeletedBetweenTwoReadsOfAnInterruptedSnapshotAreGoneFromTheTarget() throws Exception {
        Path config = pg.writeConfig(prefix, List.of(TABLE), "");
        Path state = pg.dir().resolve("state");
        ChurningWriter writer = new ChurningWriter(pg::source,
                "INSERT INTO churn (id, name, qty, payload) VALUES (?, 'live', 1, 'new')",
                "UPDATE churn SET name = 'touched ' || ?, qty = qty + 1, price = price + 1 WHERE id = ?",
                "DELETE FROM churn WHERE id = ?", ROWS);

        Path firstLog = pg.dir().resolve("first.log");
        JsonNode atKill;
        try (ChildPipeline first = ChildPipeline.start(config, state, firstLog)) {
            int port = ChildPipeline.httpPort(firstLog);
            atKill = Await.until("the snapshot at 40% or more", Duration.ofSeconds(300),
                    () -> ChildPipeline.sourceTable(port, TABLE), t -> t.path("snapshotRows").asLong() >= ROWS * 40L / 100);
            first.kill();
        }
        assertEquals("snapshotting", atKill.path("phase").asText(), "killed during the snapshot: " + atKill);
        long stepsAtKill = writer.steps();

        Path secondLog = pg.dir().resolve("second.log");
        try (ChildPipeline second = ChildPipeline.start(config, state, secondLog)) {
            int port = ChildPipeline.httpPort(secondLog);
            Await.until("the snapshot read again and finished", Duration.ofSeconds(300),
                    () -> ChildPipeline.sourceTable(port, TABLE), t -> "streaming".equals(t.path("phase").asText()));
            Await.until("changes written after the restart", Duration.ofSeconds(60), writer::steps,
                    n -> n > stepsAtKill + 2_000);
            writer.close();
            Await.until("target identical to source", Duration.ofSeconds(180),
                    () -> pg.compare("public", List.of("churn")), PostgresPair::identical);
        }
        String log = Files.readString(secondLog);
        assertTrue(log.contains("snapshot of " + TABLE + " started again"), "the second run saw the read start again");
        assertTrue(log.contains("ferry: stopped cleanly"));
    }
}
