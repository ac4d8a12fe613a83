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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The target database goes away for 30 s while changes stream: the sink retries, says so in its
 * status, reconnects by itself when the target is back, and every row lands once; and a column
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
    void everyRowLandsOnceAfterTheTargetWasDownForThirtySeconds() throws Exception {
        awaitIdentical();
        SinkProgress progress = pipeline.sinks().get(0).progress();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong(1000);
        Thread writer = new Thread(() -> {
            try (Connection source = pg.source(); Statement s = source.createStatement()) {
                while (writing.get()) {
                    long id = written.incrementAndGet();
                    s.executeUpdate("INSERT INTO events VALUES (" + id + ", 'streamed " + id + "', 1)");
                    s.executeUpdate("UPDATE events SET n = n + 1 WHERE id = " + (id % 1000 + 1));
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "source-writer");
        writer.start();
        Thread.sleep(3000);

        target.stop();
        Await.until("status says the target is unreachable", Duration.ofSeconds(30), progress::status,
                s -> s.startsWith("target unreachable since "));
        Thread.sleep(30_000);
        assertNotNull(progress.unreachableSince());
        target.start();
        Thread.sleep(3000);
        writing.set(false);
        writer.join();

        awaitIdentical();
        assertNull(progress.unreachableSince());
        assertEquals("ok", progress.status());
        assertTrue(progress.retries() > 0);
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), max(id) FROM events")) {
            rs.next();
            assertEquals(written.get(), rs.getLong(1));
            assertEquals(rs.getLong(1), rs.getLong(2));
            assertEquals(written.get(), rs.getLong(3));
        }
        assertTrue(pipeline.sinks().get(0).progress().deadLettered().isEmpty());
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
