package dev.ferry.ops.status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Rows per second captured and applied, one sample per interval over the last {@link #KEPT}, kept by
 * the serving process so the dashboard's chart survives a reload. Thread-safe.
 */
public final class ThroughputHistory {

    /** How far back the history goes. */
    public static final Duration KEPT = Duration.ofHours(1);

    /**
     * @param at the end of the interval (ISO-8601)
     * @param appliedPerSecond rows applied in the targets per second over the interval (all targets)
     * @param capturedPerSecond records captured from the sources per second (snapshot rows and changes)
     */
    public record Sample(String at, double appliedPerSecond, double capturedPerSecond) {
    }

    /** What {@code /history} serves: the samples, oldest first. */
    public record View(long intervalSeconds, List<Sample> samples) {
    }

    private final Duration interval;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private Instant lastAt;
    private long lastApplied;
    private long lastCaptured;

    public ThroughputHistory(Duration interval) {
        this.interval = interval;
    }

    /**
     * Records the running totals at {@code at}; from the second call on, a sample of the rates since
     * the previous one. Samples older than {@link #KEPT} are dropped.
     */
    public synchronized void record(Instant at, long appliedTotal, long capturedTotal) {
        if (lastAt != null && at.isAfter(lastAt)) {
            double seconds = Duration.between(lastAt, at).toMillis() / 1000.0;
            samples.addLast(new Sample(at.toString(), Math.max(0, appliedTotal - lastApplied) / seconds,
                    Math.max(0, capturedTotal - lastCaptured) / seconds));
            Instant oldest = at.minus(KEPT);
            while (!samples.isEmpty() && Instant.parse(samples.peekFirst().at()).isBefore(oldest)) {
                samples.removeFirst();
            }
        }
        lastAt = at;
        lastApplied = appliedTotal;
        lastCaptured = capturedTotal;
    }

    public synchronized View view() {
        return new View(interval.toSeconds(), List.copyOf(samples));
    }
}
