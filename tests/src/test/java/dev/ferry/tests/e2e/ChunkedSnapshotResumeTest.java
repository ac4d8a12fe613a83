package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.ChurningWriter;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.RawTopics;
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
 * The first snapshot of a table is read in key-range chunks whose progress is committed with the
 * source offset: {@code ferry run} killed with SIGKILL at about 90% of the snapshot, while a writer
 * updates, deletes and inserts rows, resumes with the first unfinished chunk instead of row 0, and
 * the target ends identical to the source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkedSnapshotResumeTest {

    private static final int ROWS = 120_000;
    private static final String TABLE = "big";

    private PostgresPair pg;
    private String prefix;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("chunked-snapshot");
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE big (id bigint PRIMARY KEY, name varchar(40) NOT NULL, qty integer,"
                    + " score double precision, active boolean, payload text)");
            s.execute("INSERT INTO big SELECT g, 'row ' || g, g % 1000, g / 7.0, g % 2 = 0, repeat(md5(g::text), 4)"
                    + " FROM generate_series(1, " + ROWS + ") g");
            s.execute("VACUUM ANALYZE big");
        }
        prefix = SharedServices.uniquePrefix("chunks");
    }

    @AfterAll
    void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void snapshotKilledAtNinetyPercentResumesWithTheUnfinishedChunks() throws Exception {
        Path config = pg.writeConfig(prefix, List.of("public." + TABLE), "");
        Path state = pg.dir().resolve("state");
        ChurningWriter writer = new ChurningWriter(pg::source,
                "INSERT INTO big (id, name, qty, payload) VALUES (?, 'live', 1, 'new')",
                "UPDATE big SET name = 'touched ' || ?, qty = qty + 1 WHERE id = ?", "DELETE FROM big WHERE id = ?", ROWS);

        Path firstLog = pg.dir().resolve("first.log");
        JsonNode atKill;
        try (ChildPipeline first = ChildPipeline.start(config, state, firstLog)) {
            int port = ChildPipeline.httpPort(firstLog);
            atKill = Await.until("the snapshot at 85% or more", Duration.ofSeconds(300), () -> table(port),
                    t -> t.path("snapshotRows").asLong() >= ROWS * 85L / 100);
            first.kill();
        }
        assertEquals("snapshotting", atKill.path("phase").asText(), "killed during the snapshot: " + atKill);
        long readBefore = atKill.path("snapshotRows").asLong();
        long writtenAtKill = writer.steps();

        Path secondLog = pg.dir().resolve("second.log");
        try (ChildPipeline second = ChildPipeline.start(config, state, secondLog)) {
            int port = ChildPipeline.httpPort(secondLog);
            JsonNode done = Await.until("the snapshot finished after the restart", Duration.ofSeconds(300),
                    () -> table(port), t -> "streaming".equals(t.path("phase").asText()));
            Await.until("changes written after the restart", Duration.ofSeconds(60), writer::steps,
                    n -> n > writtenAtKill + 200);
            writer.close();
            Await.until("target identical to source", Duration.ofSeconds(240),
                    () -> pg.compare("public", List.of(TABLE)), PostgresPair::identical);

            long readAfter = table(port).path("snapshotRows").asLong();
            assertTrue(readAfter > 0 && readAfter < ROWS * 40L / 100,
                    "after the restart only the unfinished chunks are read: " + readAfter + " rows (" + readBefore
                            + " read before the kill, " + ROWS + " in the table); " + done);
        }
        long snapshotRecords = RawTopics.countOperations(prefix + ".legacy.public." + TABLE).getOrDefault("r", 0L);
        assertTrue(snapshotRecords < ROWS * 140L / 100,
                "snapshot records on the raw topic, both runs together: " + snapshotRecords + " (a restart from row 0"
                        + " would give " + (readBefore + ROWS) + ")");
        assertTrue(Files.readString(secondLog).contains("ferry: stopped cleanly"));
    }

    private static JsonNode table(int port) {
        return ChildPipeline.sourceTable(port, "public." + TABLE);
    }
}
