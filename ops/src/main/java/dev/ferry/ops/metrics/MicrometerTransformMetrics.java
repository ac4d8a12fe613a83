package dev.ferry.ops.metrics;

import dev.ferry.transform.TransformMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link TransformMetrics} on Micrometer: {@code ferry_mapped_records_total},
 * {@code ferry_invalid_records_total} (by rule), {@code ferry_filtered_records_total} and
 * {@code ferry_warned_records_total}, each per target table ({@code <target>.<table>}).
 */
final class MicrometerTransformMetrics implements TransformMetrics {

    private final MeterRegistry registry;

    MicrometerTransformMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void recordValid(String table) {
        Counter.builder("ferry.mapped.records").description("records mapped and written to a mapped topic")
                .tag("table", table).register(registry).increment();
    }

    @Override
    public void recordInvalid(String table, String ruleId) {
        Counter.builder("ferry.invalid.records").description("records the transform dead-lettered")
                .tag("table", table).tag("rule", ruleId).register(registry).increment();
    }

    @Override
    public void recordFiltered(String table) {
        Counter.builder("ferry.filtered.records").description("rows left out by a table filter")
                .tag("table", table).register(registry).increment();
    }

    @Override
    public void recordWarned(String table, String ruleId) {
        Counter.builder("ferry.warned.records").description("rows that failed a rule of severity warn and went on")
                .tag("table", table).tag("rule", ruleId).register(registry).increment();
    }
}
