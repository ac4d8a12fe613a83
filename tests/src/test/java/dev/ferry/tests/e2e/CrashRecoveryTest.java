package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.tests.fixtures.AllTypesTable;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.RawTopics;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A pipeline killed with SIGKILL in the middle of streaming, while the source keeps changing, and
 * started again, loses nothing and does not snapshot again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashRecoveryTest {

    private static final int ROWS = 5_000;

    private PostgresPair pg;
    private String prefix;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("crash-recovery");
        try (Connection source = pg.source()) {
            AllTypesTable.create(source, ROWS);
        }
        prefix = SharedServices.uniquePrefix("crash");
    }

    @AfterAll
    void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void pipelineKilledMidStreamLosesNothingAndDoesNotSnapshotAgain() throws Exception {
        Path config = pg.writeConfig(prefix, List.of("public." + AllTypesTable.NAME), "");
        Path log = pg.dir().resolve("child.log");
        Path state = pg.dir().resolve("state");
        ChildPipeline first = ChildPipeline.start(config, state, log);
        awaitIdentical(Duration.ofSeconds(180));

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> keepWriting(writing, written));
        Await.until("live changes landing in the target", Duration.ofSeconds(60), this::liveRowsInTarget, n -> n > 100);
        first.kill();
        long atKill = written.get();
        Await.until("more changes made while the pipeline is down", Duration.ofSeconds(60), written::get,
                n -> n > atKill + 300);

        try (ChildPipeline second = ChildPipeline.start(config, state, log)) {
            Await.until("more changes made after the restart", Duration.ofSeconds(60), written::get,
                    n -> n > atKill + 600);
            writing.set(false);
            writer.join();
            awaitIdentical(Duration.ofSeconds(180));
            assertTrue(second.isAlive(), "the restarted pipeline keeps running");
            second.close();
        }
        assertTrue(java.nio.file.Files.readString(log).contains("ferry: stopped cleanly"),
                "SIGTERM stops the pipeline cleanly");

        var operations = RawTopics.countOperations(prefix + ".legacy.public." + AllTypesTable.NAME);
        assertEquals(ROWS, operations.getOrDefault("r", 0L), "snapshot rows on the raw topic: " + operations);
    }

    private long liveRowsInTarget() throws Exception {
        try (Connection c = pg.target(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM all_types WHERE id > " + ROWS)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void keepWriting(AtomicBoolean writing, AtomicLong written) {
        try (Connection c = pg.source();
             PreparedStatement insert = c.prepareStatement("INSERT INTO all_types (id, t, n) VALUES (?, 'live', 1.50)");
             PreparedStatement update = c.prepareStatement("UPDATE all_types SET t = 'touched ' || ?, n = n + 1 WHERE id = ?");
             PreparedStatement delete = c.prepareStatement("DELETE FROM all_types WHERE id = ?")) {
            long next = ROWS + 1;
            while (writing.get()) {
                long id = next++;
                insert.setLong(1, id);
                insert.executeUpdate();
                update.setLong(1, id);
                update.setLong(2, 1 + (id * 7) % ROWS);
                update.executeUpdate();
                if (id % 3 == 0) {
                    delete.setLong(1, id - 1);
                    delete.executeUpdate();
                }
                written.addAndGet(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException("source writer failed", e);
        }
    }

    private void awaitIdentical(Duration within) throws Exception {
        Await.until("target identical to source", within, () -> pg.compare("public", List.of(AllTypesTable.NAME)),
                PostgresPair::identical);
    }
}
