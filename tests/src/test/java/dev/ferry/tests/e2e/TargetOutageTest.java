package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.TableComparison;
import dev.ferry.sink.SinkProgress;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The target database goes away for 30 s while changes stream: the sink retries, says so in its
 * status, reconnects by itself within seconds of the target's return (backoff capped at 5 s), and
 * every row lands once; and a column
 * added at the source mid-stream appears in the target with its values ({@code ddl: evolve}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TargetOutageTest {

    private PostgresPair pg;
    private TargetDb target;
    private Pipeline pipeline;

    @BeforeAll
    void startPipeline() throws Exception {
        pg = PostgresPair.start("target-outage");
        target = TargetDb.postgres("target-outage-target");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE events (id bigint PRIMARY KEY, payload text, n integer)");
            s.execute("INSERT INTO events SELECT i, 'snapshot ' || i, 0 FROM generate_series(1, 1000) i");
        }
        var config = ConfigLoader.load(pg.writeConfig(SharedServices.uniquePrefix("outage"), List.of("public.events"),
                target, "    ddl: evolve\n"), Map.of());
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

    @Test
    void everyRowLandsOnceAfterTheTargetWasDownForThirtySecondsAndWritesResumeWithinSecondsOfItsReturn()
            throws Exception {
        awaitIdentical();
        SinkProgress progress = pipeline.sinks().get(0).progress();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong(1000);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try (Connection source = pg.source(); Statement s = source.createStatement()) {
                while (writing.get()) {
                    long id = written.get() + 1;
                    s.executeUpdate("INSERT INTO events VALUES (" + id + ", 'streamed " + id + "', 1)");
                    s.executeUpdate("UPDATE events SET n = n + 1 WHERE id = " + (id % 1000 + 1));
                    written.set(id);
                    Thread.sleep(20);
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        }, "source-writer");
        writer.start();
        Await.until("the writer streams", Duration.ofSeconds(30), () -> maxTargetId(), n -> n > 1050);

        target.stop();
        long writtenAtStop = written.get();
        Await.until("status says the target is unreachable", Duration.ofSeconds(30), progress::status,
                s -> s.startsWith("target unreachable since "));
        // Until the backoff has reached its cap and stayed there: 200 ms doubling to 5 s, ~30 s in all.
        Await.until("ten retries", Duration.ofSeconds(90), progress::retries, n -> n >= 10);
        assertNotNull(progress.unreachableSince());
        long writtenDuringOutage = written.get() - writtenAtStop;
        assertTrue(writtenDuringOutage > 100, "the source was written while the target was down: " + writtenDuringOutage);
        target.start();
        long back = System.nanoTime();
        Await.until("a row written during the outage lands", Duration.ofSeconds(60), () -> maxTargetId(),
                n -> n > writtenAtStop + 50);
        long resumedMs = (System.nanoTime() - back) / 1_000_000;
        assertTrue(resumedMs < 10_000, "writes resumed " + resumedMs + " ms after the target was back");
        writing.set(false);
        writer.join();
        assertNull(writerFailure.get(), () -> "the source writer failed: " + writerFailure.get());

        awaitIdentical();
        assertNull(progress.unreachableSince());
        assertEquals("ok", progress.status());
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), max(id) FROM events")) {
            rs.next();
            assertEquals(written.get(), rs.getLong(1));
            assertEquals(rs.getLong(1), rs.getLong(2));
            assertEquals(written.get(), rs.getLong(3));
        }
        assertTrue(pipeline.sinks().get(0).progress().deadLettered().isEmpty());
    }

    /** The highest id in the target, -1 while it does not answer. */
    private long maxTargetId() {
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM events")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    @Test
    void aColumnAddedAtTheSourceMidStreamAppearsInTheTargetWithItsValues() throws Exception {
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("ALTER TABLE events ADD COLUMN added_later varchar(40)");
            s.executeUpdate("INSERT INTO events VALUES (5000000, 'after alter', 0, 'new value')");
            s.executeUpdate("UPDATE events SET added_later = 'updated ' || id WHERE id <= 10");
        }
        awaitIdentical();
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT added_later FROM events WHERE id IN (3, 5000000) ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("updated 3", rs.getString(1));
            assertTrue(rs.next());
            assertEquals("new value", rs.getString(1));
        }
    }

    private void awaitIdentical() throws Exception {
        Await.until("target identical to source", Duration.ofSeconds(180), () -> {
            try (Connection s = pg.source(); Connection t = target.connect()) {
                return TableComparison.compare(s, t, "public", "events");
            } catch (java.sql.SQLException e) {
                return null;
            }
        }, r -> r != null && r.identical());
    }
}
