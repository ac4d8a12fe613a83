package dev.ferry.ops.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Kafka that cannot be read shows as unreachable, from the first failed read until one succeeds. */
class KafkaWatcherTest {

    private final AtomicReference<RuntimeException> fault = new AtomicReference<>();
    private final KafkaSnapshot snapshot = new KafkaSnapshot(Instant.parse("2026-12-01T10:00:00Z"), Map.of(), Map.of(), Map.of());

    @Test
    void showsKafkaUnreachableSinceTheFirstFailedReadAndReachableAfterTheNextGoodOne() {
        Instant t0 = Instant.parse("2026-12-01T10:00:03Z");
        try (KafkaWatcher watcher = new KafkaWatcher(this::read, () -> { }, Clock.fixed(t0, ZoneOffset.UTC),
                Duration.ofDays(1))) {
            watcher.refresh();
            assertTrue(watcher.availability().reachable());
            assertSame(snapshot, watcher.latest());

            fault.set(new IllegalStateException("cannot read topic offsets: timed out"));
            watcher.refresh();
            watcher.refresh();
            assertFalse(watcher.availability().reachable());
            assertEquals(t0, watcher.availability().unreachableSince());
            assertEquals("cannot read topic offsets: timed out", watcher.availability().lastError());
            assertSame(snapshot, watcher.latest(), "the last snapshot is kept, with its own time");

            fault.set(null);
            watcher.refresh();
            assertTrue(watcher.availability().reachable());
            assertNull(watcher.availability().unreachableSince());
        }
    }

    private KafkaSnapshot read() {
        RuntimeException e = fault.get();
        if (e != null) {
            throw e;
        }
        return snapshot;
    }
}
