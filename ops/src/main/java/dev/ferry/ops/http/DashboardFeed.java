package dev.ferry.ops.http;

import dev.ferry.ops.Version;
import dev.ferry.ops.cutover.SourceLag;
import dev.ferry.ops.dlq.DeadLetterFilter;
import dev.ferry.ops.dlq.DeadLetters;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.status.CutoverReadiness;
import dev.ferry.ops.status.DeadLetterSummary;
import dev.ferry.ops.status.KafkaSnapshot;
import dev.ferry.ops.status.Status;
import dev.ferry.ops.status.ThroughputHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the dashboard shows beside {@code /status}, kept up to date in the background so a request
 * answers at once: the throughput history of the last hour ({@code /history}), and {@code /overview}:
 * version, uptime, cutover readiness, pending dead letters by cause and rule with the latest messages
 * (re-read only when a dead-letter topic's count changed), and each source's lag.
 */
final class DashboardFeed implements AutoCloseable {

    /** How often a throughput sample is taken and the sources' positions are read. */
    static final Duration EVERY = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);

    /**
     * What {@code /overview} serves.
     *
     * @param startedAt when the serving process started (ISO-8601)
     * @param sourceLag per source, how far capture's confirmed position trails its log
     */
    record Overview(String version, String startedAt, long uptimeSeconds, CutoverReadiness cutover,
                    DeadLetterSummary deadLetters, List<SourceLag.Behind> sourceLag) {
    }

    private final Pipeline pipeline;
    private final Supplier<Status> status;
    private final Supplier<KafkaSnapshot> kafka;
    private final Clock clock;
    private final Instant startedAt;
    private final ThroughputHistory history = new ThroughputHistory(EVERY);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-dashboard-feed");
        t.setDaemon(true);
        return t;
    });
    private volatile DeadLetterSummary deadLetters = DeadLetterSummary.NONE;
    private volatile List<SourceLag.Behind> sourceLag = List.of();
    private Map<String, Long> deadLetterCounts;

    DashboardFeed(Pipeline pipeline, Supplier<Status> status, Supplier<KafkaSnapshot> kafka, Clock clock) {
        this.pipeline = pipeline;
        this.status = status;
        this.kafka = kafka;
        this.clock = clock;
        this.startedAt = Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        timer.scheduleWithFixedDelay(this::refresh, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    Overview overview() {
        Instant now = clock.instant();
        DeadLetterSummary dead = deadLetters;
        return new Overview(Version.NUMBER, startedAt.toString(), Duration.between(startedAt, now).toSeconds(),
                CutoverReadiness.of(status.get(), dead.pending()), dead, sourceLag);
    }

    /** Bytes each source's capture trails its log by, at the last read (-1 when not known); empty before the first. */
    Map<String, Long> sourceLagBytes() {
        Map<String, Long> bytes = new TreeMap<>();
        sourceLag.forEach(b -> bytes.put(b.source(), b.bytesBehind()));
        return bytes;
    }

    ThroughputHistory.View history() {
        return history.view();
    }

    private void refresh() {
        try {
            long applied = pipeline.sinks().stream().mapToLong(s -> s.progress().appliedRows()).sum();
            long captured = pipeline.captures().stream().flatMap(c -> c.progress().tables().stream())
                    .mapToLong(t -> t.snapshotRows() + t.changes()).sum();
            history.record(clock.instant(), applied, captured);
            refreshDeadLetters();
            if (!pipeline.captures().isEmpty()) {
                sourceLag = SourceLag.read(pipeline.configs());
            }
        } catch (RuntimeException e) {
            LOG.warn("dashboard: cannot refresh: {}", e.toString());
        }
    }

    /** Re-reads the dead-letter topics when their pending counts changed (or at the first snapshot). */
    private void refreshDeadLetters() {
        KafkaSnapshot snapshot = kafka.get();
        if (snapshot == null) {
            return;
        }
        DeadLetters letters = new DeadLetters(pipeline.configs());
        Map<String, Long> counts = new TreeMap<>();
        letters.topics().forEach(t -> counts.put(t, snapshot.records(t)));
        if (counts.equals(deadLetterCounts)) {
            return;
        }
        DeadLetterSummary.Builder summary = new DeadLetterSummary.Builder();
        letters.eachPending(DeadLetterFilter.ALL, summary::add);
        deadLetters = summary.build(clock.instant());
        deadLetterCounts = counts;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
