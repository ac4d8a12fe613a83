package dev.ferry.ops.metrics;

import dev.ferry.sink.SinkMetrics;
import dev.ferry.sink.SinkProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link SinkMetrics} on Micrometer: {@code ferry_applied_rows_total}, {@code ferry_retries_total},
 * {@code ferry_dead_letters_total} (stage sink), the {@code ferry_end_to_end_latency_seconds}
 * histogram and {@code ferry_replication_lag_seconds} (latency of the last applied change).
 */
final class MicrometerSinkMetrics implements SinkMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastLatencyMs = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicReference<SinkProgress.State>> states =
            new ConcurrentHashMap<>();

    MicrometerSinkMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void recordApplied(String target, String table, long rows) {
        Counter.builder("ferry.applied.rows").description("rows committed in the target")
                .tag("target", target).tag("table", table).register(registry).increment(rows);
    }

    @Override
    public void recordLatency(String target, String table, Duration latency) {
        Timer.builder("ferry.end.to.end.latency")
                .description("from the commit in the source to the commit in the target")
                .tag("target", target).tag("table", table)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry).record(latency);
        lastLatencyMs.computeIfAbsent(target + "\u0000" + table, k -> {
            AtomicLong holder = new AtomicLong();
            registry.gauge("ferry.replication.lag.seconds",
                    io.micrometer.core.instrument.Tags.of("target", target, "table", table), holder,
                    h -> h.get() / 1000.0);
            return holder;
        }).set(latency.toMillis());
    }

    @Override
    public void recordRetry(String target) {
        Counter.builder("ferry.retries").description("batches retried after a transient failure")
                .tag("target", target).register(registry).increment();
    }

    @Override
    public void recordDeadLetter(String target, String table, String cause) {
        Counter.builder("ferry.dead.letters").description("records sent to a dead-letter topic")
                .tag("stage", "sink").tag("target", target).tag("table", table).tag("cause", cause)
                .register(registry).increment();
    }

    /**
     * {@code ferry_stage_up} (1 while running, 0 while restarting or FAILED), {@code ferry_stage_failed}
     * (1 once FAILED) and {@code ferry_stage_restarts_total}, labelled {@code stage=sink}, {@code name=<target>}.
     */
    @Override
    public void recordStageState(String target, SinkProgress.State state) {
        var holder = states.computeIfAbsent(target, t -> {
            var h = new java.util.concurrent.atomic.AtomicReference<>(SinkProgress.State.RUNNING);
            io.micrometer.core.instrument.Gauge.builder("ferry.stage.up", h, r -> r.get() == SinkProgress.State.RUNNING ? 1 : 0)
                    .description("1 while the stage runs, 0 while it restarts or has FAILED")
                    .tag("stage", "sink").tag("name", t).register(registry);
            io.micrometer.core.instrument.Gauge.builder("ferry.stage.failed", h, r -> r.get() == SinkProgress.State.FAILED ? 1 : 0)
                    .description("1 once the stage has FAILED for good (ferry run exits 1)")
                    .tag("stage", "sink").tag("name", t).register(registry);
            return h;
        });
        if (state == SinkProgress.State.RESTARTING) {
            Counter.builder("ferry.stage.restarts").description("restarts of a stage after an unexpected failure")
                    .tag("stage", "sink").tag("name", target).register(registry).increment();
        }
        holder.set(state);
    }

    /** Milliseconds between source commit and target commit of the last change applied to a table, -1 if none. */
    long lastLatencyMillis(String target, String table) {
        AtomicLong v = lastLatencyMs.get(target + "\u0000" + table);
        return v == null ? -1 : v.get();
    }
}
