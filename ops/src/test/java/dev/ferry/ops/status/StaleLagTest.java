package dev.ferry.ops.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.metrics.FerryMetrics;
import dev.ferry.ops.pipeline.StageConfigs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replication lag measured on the last change stays true only while changes flow: once nothing is
 * left to apply and nothing was applied for a while, the table reads "idle, last change at ...".
 */
class StaleLagTest {

    private static final Instant APPLIED = Instant.parse("2026-12-01T10:00:00Z");

    private final MovableClock clock = new MovableClock(APPLIED);
    private final FerryMetrics metrics = new FerryMetrics(clock);
    private final StatusCollector collector = new StatusCollector(new StageConfigs(StatusCollectorTest.load(), Path.of("state")), null,
            metrics, clock);

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void aChangeJustAppliedShowsItsReplicationLag() {
        metrics.sink().recordLatency("fresh", "items", Duration.ofMillis(23_800));
        clock.advance(Duration.ofSeconds(1));

        Status.TargetTable items = items(collector.collect(kafka(0)));

        assertFalse(items.idle());
        assertEquals(23_800, items.replicationLagMs());
        assertEquals("2026-12-01T09:59:36.200Z", items.lastChangeAt());
        assertTrue(String.join("\n", StatusText.lines(collector.collect(kafka(0)))).contains("replication lag 23.8 s"));
    }

    @Test
    void nothingAppliedForTenSecondsAndNothingPendingReadsIdleWithTheLastChangeTime() {
        metrics.sink().recordLatency("fresh", "items", Duration.ofMillis(23_800));
        clock.advance(LastChange.IDLE_AFTER);

        Status status = collector.collect(kafka(0));
        String text = String.join("\n", StatusText.lines(status));

        assertTrue(items(status).idle());
        assertTrue(text.contains("idle, last change at 2026-12-01T09:59:36Z"), text);
        assertFalse(text.contains("replication lag"), text);
    }

    @Test
    void recordsStillToApplyAreNeverIdleHoweverLongAgoTheLastChangeWas() {
        metrics.sink().recordLatency("fresh", "items", Duration.ofMillis(23_800));
        clock.advance(Duration.ofMinutes(5));

        Status.TargetTable items = items(collector.collect(kafka(7)));

        assertFalse(items.idle());
        assertEquals("replication lag 23.8 s", items.freshness());
    }

    @Test
    void theLastChangesSourceCommitTimeIsAMetric() {
        metrics.sink().recordLatency("fresh", "items", Duration.ofMillis(1_500));

        String text = metrics.scrape();

        assertTrue(text.contains("ferry_last_change_timestamp_seconds{table=\"items\",target=\"fresh\"} "
                + (APPLIED.toEpochMilli() - 1_500) / 1000.0), text);
    }

    private static Status.TargetTable items(Status s) {
        return s.targets().get(0).tables().get(0);
    }

    private static KafkaSnapshot kafka(long pending) {
        return new KafkaSnapshot(APPLIED, Map.of(),
                Map.of(new KafkaSnapshot.GroupTopic("p-sink-fresh", "p.fresh.items"), pending), Map.of());
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
