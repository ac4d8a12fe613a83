package dev.ferry.ops.metrics;

import dev.ferry.ops.status.LastChange;
import dev.ferry.schemas.supervision.StageState;
import dev.ferry.sink.SinkMetrics;
import dev.ferry.sink.SinkProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SinkMetrics} on Micrometer: {@code ferry_applied_rows_total}, {@code ferry_retries_total},
 * {@code ferry_dead_letters_total} (stage sink), the {@code ferry_end_to_end_latency_seconds}
 * histogram, {@code ferry_replication_lag_seconds} (latency of the last applied change) and
 * {@code ferry_last_change_timestamp_seconds} (source commit time of the last applied change).
 */
final class MicrometerSinkMetrics implements SinkMetrics {

    /**
     * Buckets of the end-to-end latency histogram: what an operator tells apart, from "as fast as it
     * goes" to "half an hour behind" (a few lines per table, not a hundred).
     */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30)};

    private final MeterRegistry registry;
    private final java.time.Clock clock;
    private final Map<String, java.util.concurrent.atomic.AtomicReference<LastChange>> lastChanges =
            new ConcurrentHashMap<>();
    private final StageGauges stages;

    /** @param clock the clock the sink measures latency with (the system clock; a fake one in tests) */
    MicrometerSinkMetrics(MeterRegistry registry, StageGauges stages, java.time.Clock clock) {
        this.registry = registry;
        this.stages = stages;
        this.clock = clock;
    }

    /** Registers a target's series at 0 (applied rows, dead letters by cause per table, retries). */
    void expect(String target, Iterable<String> tables, Iterable<String> causes) {
        retries(target);
        for (String table : tables) {
            applied(target, table);
            causes.forEach(cause -> deadLetters(registry, "sink", target, table, cause));
        }
    }

    @Override
    public void recordApplied(String target, String table, long rows) {
        applied(target, table).increment(rows);
    }

    @Override
    public void recordLatency(String target, String table, Duration latency) {
        Timer.builder("ferry.end.to.end.latency")
                .description("from the commit in the source to the commit in the target, per change")
                .tag("target", target).tag("table", table)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry).record(latency);
        Instant applied = clock.instant();
        lastChanges.computeIfAbsent(target + "\u0000" + table, k -> {
            var holder = new java.util.concurrent.atomic.AtomicReference<LastChange>();
            Tags tags = Tags.of("target", target, "table", table);
            io.micrometer.core.instrument.Gauge.builder("ferry.replication.lag.seconds", holder,
                            h -> h.get().latencyMillis() / 1000.0)
                    .description("from the commit in the source to the commit in the target, of the last change applied")
                    .tags(tags).register(registry);
            io.micrometer.core.instrument.Gauge.builder("ferry.last.change.timestamp.seconds", holder,
                            h -> h.get().committedAt().toEpochMilli() / 1000.0)
                    .description("when the last change applied to the table was committed in the source (Unix time)")
                    .tags(tags).register(registry);
            return holder;
        }).set(new LastChange(latency.toMillis(), applied.minus(latency), applied));
    }

    @Override
    public void recordTruncate(String target, String table, String outcome) {
        Counter.builder("ferry.truncates").description("source truncates that reached the sink: applied or ignored")
                .tag("target", target).tag("table", table).tag("outcome", outcome).register(registry).increment();
    }

    @Override
    public void recordRetry(String target) {
        retries(target).increment();
    }

    @Override
    public void recordDeadLetter(String target, String table, String cause) {
        deadLetters(registry, "sink", target, table, cause).increment();
    }

    private Counter applied(String target, String table) {
        return Counter.builder("ferry.applied.rows").description("rows committed in the target")
                .tag("target", target).tag("table", table).register(registry);
    }

    private Counter retries(String target) {
        return Counter.builder("ferry.retries").description("batches retried after a transient failure (target down, deadlock)")
                .tag("target", target).register(registry);
    }

    /** {@code ferry_dead_letters_total}: records a stage sent to its dead-letter topic. */
    static Counter deadLetters(MeterRegistry registry, String stage, String target, String table, String cause) {
        return Counter.builder("ferry.dead.letters").description("records sent to a dead-letter topic, by stage and cause")
                .tag("stage", stage).tag("target", target).tag("table", table).tag("cause", cause)
                .register(registry);
    }

    /** {@code ferry_stage_up}, {@code ferry_stage_failed}, {@code ferry_stage_restarts_total} with {@code stage=sink}. */
    @Override
    public void recordStageState(String target, StageState state) {
        stages.record("sink", target, state);
    }

    /** The last change applied to a table, null if none since the process started. */
    LastChange lastChange(String target, String table) {
        var v = lastChanges.get(target + "\u0000" + table);
        return v == null ? null : v.get();
    }
}
