package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.RawTopics;
import dev.ferry.tests.fixtures.SharedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostgresPair pg;
    private String prefix;
    private final HttpClient http = HttpClient.newHttpClient();

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
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> keepWriting(writing, written));

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
        long writtenAtKill = written.get();

        Path secondLog = pg.dir().resolve("second.log");
        try (ChildPipeline second = ChildPipeline.start(config, state, secondLog)) {
            int port = ChildPipeline.httpPort(secondLog);
            JsonNode done = Await.until("the snapshot finished after the restart", Duration.ofSeconds(300),
                    () -> table(port), t -> "streaming".equals(t.path("phase").asText()));
            Await.until("changes written after the restart", Duration.ofSeconds(60), written::get,
                    n -> n > writtenAtKill + 200);
            writing.set(false);
            writer.join();
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

    /** The table's entry of the running pipeline's {@code /status}; empty while it does not answer. */
    private JsonNode table(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/status"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode t : JSON.readTree(r.body()).path("sources").path(0).path("tables")) {
                if (("public." + TABLE).equals(t.path("table").asText())) {
                    return t;
                }
            }
        } catch (Exception e) {
            // not answering yet
        }
        return JSON.createObjectNode();
    }

    /** Updates and deletes rows anywhere in the key range (read chunks and unread ones) and inserts new ones. */
    private void keepWriting(AtomicBoolean writing, AtomicLong written) {
        try (Connection c = pg.source();
             PreparedStatement insert = c.prepareStatement("INSERT INTO big (id, name, qty, payload) VALUES (?, 'live', 1, 'new')");
             PreparedStatement update = c.prepareStatement("UPDATE big SET name = 'touched ' || ?, qty = qty + 1 WHERE id = ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM big WHERE id = ?")) {
            long next = ROWS + 1;
            while (writing.get()) {
                long n = written.incrementAndGet();
                long id = ThreadLocalRandom.current().nextLong(1, ROWS + 1);
                update.setLong(1, n);
                update.setLong(2, id);
                update.executeUpdate();
                if (n % 5 == 0) {
                    delete.setLong(1, ThreadLocalRandom.current().nextLong(1, ROWS + 1));
                    delete.executeUpdate();
                }
                if (n % 3 == 0) {
                    insert.setLong(1, next++);
                    insert.executeUpdate();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("source writer failed", e);
        }
    }
}
