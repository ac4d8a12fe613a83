package dev.ferry.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.sink.dialect.Dialect;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * While the target does not answer, the sink waits 200 ms, doubling, never more than 5 s between
 * attempts, so writes resume within a few seconds of the target's return. The connection really
 * fails (a port nothing listens on); the clock is fake and the pauses are recorded, not slept.
 */
class TargetRetryBackoffTest {

    private static final Schema KEY = SchemaBuilder.record("k").fields().requiredLong("id").endRecord();
    private static final Schema ROW = SchemaBuilder.record("r").fields().requiredLong("id").endRecord();

    @Test
    void aTargetThatDoesNotAnswerIsRetriedWithBackoffCappedAtFiveSeconds() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/none";
        ParkingLotTest.FakeClock clock = new ParkingLotTest.FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<Long> pauses = new ArrayList<>();
        SinkProgress progress = new SinkProgress("fresh");
        Dialect dialect = Dialect.forUrl(url);
        BatchApplier applier = new BatchApplier(new TargetConnection(url, "u", "p", SinkLimits.DEFAULTS, dialect),
                new BatchWriter(dialect, "public", new TableCatalog(dialect, "public", DdlMode.CREATE), false), null,
                (record, error, message, cause, attempts) -> {
                    throw new AssertionError("an unreachable target is never a dead letter: " + message);
                }, SinkStage.TARGET_RETRIES, d -> {
                    pauses.add(d.toMillis());
                    clock.advance(d);
                    return pauses.size() < 9; // then the stage stops
                }, clock, progress, new ParkingLot(Duration.ofMinutes(5), clock), Duration.ofSeconds(1),
                SinkMetrics.NONE, "fresh");

        assertFalse(applier.apply(List.of(change())), "not applied: the stage stopped while the target was down");
        assertEquals(List.of(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L, 5000L), pauses);
        assertEquals(9, progress.retries());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), progress.unreachableSince());
        assertTrue(progress.status().startsWith("target unreachable since 2026-01-01T00:00:00Z: "), progress.status());
    }

    private static Change change() {
        GenericData.Record key = new GenericData.Record(KEY);
        key.put("id", 1L);
        GenericData.Record row = new GenericData.Record(ROW);
        row.put("id", 1L);
        return new Change(new ConsumerRecord<>("topic", 0, 0, new byte[0], new byte[0]), "t", key, row,
                Change.keyValues(key), null, Set.of());
    }
}
