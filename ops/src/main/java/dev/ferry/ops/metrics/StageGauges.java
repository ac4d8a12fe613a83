package dev.ferry.ops.metrics;

import dev.ferry.schemas.supervision.StageState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The supervisor's view of every stage, labelled {@code stage} (sink, transform) and {@code name}
 * (the target, or {@code transform}): {@code ferry_stage_up} (1 while running, 0 while restarting or
 * FAILED), {@code ferry_stage_failed} (1 once FAILED) and {@code ferry_stage_restarts_total}.
 */
final class StageGauges {

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<StageState>> states = new ConcurrentHashMap<>();

    StageGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records the stage's state; a RESTARTING counts one restart. */
    void record(String stage, String name, StageState state) {
        var holder = states.computeIfAbsent(stage + "\u0000" + name, key -> {
            var h = new AtomicReference<>(StageState.RUNNING);
            Gauge.builder("ferry.stage.up", h, r -> r.get() == StageState.RUNNING ? 1 : 0)
                    .description("1 while the stage runs, 0 while it restarts or has FAILED")
                    .tag("stage", stage).tag("name", name).register(registry);
            Gauge.builder("ferry.stage.failed", h, r -> r.get() == StageState.FAILED ? 1 : 0)
                    .description("1 once the stage has FAILED for good (ferry run exits 1)")
                    .tag("stage", stage).tag("name", name).register(registry);
            return h;
        });
        if (state == StageState.RESTARTING) {
            Counter.builder("ferry.stage.restarts").description("restarts of a stage after an unexpected failure")
                    .tag("stage", stage).tag("name", name).register(registry).increment();
        }
        holder.set(state);
    }
}
