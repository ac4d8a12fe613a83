package dev.ferry.ops.metrics;

import dev.ferry.schemas.supervision.StageState;
import dev.ferry.transform.TransformMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link TransformMetrics} on Micrometer: {@code ferry_mapped_records_total},
 * {@code ferry_invalid_records_total} (by rule), {@code ferry_filtered_records_total} and
 * {@code ferry_warned_records_total}, each per target table ({@code <target>.<table>}); every record
 * the transform dead-letters also counts in {@code ferry_dead_letters_total} (stage
 * {@code transform}, cause {@code decode} or {@code validation}), so one series family counts the
 * dead letters of both stages.
 */
final class MicrometerTransformMetrics implements TransformMetrics {

    /** The rule reported for a record that could not be decoded; its dead letter's cause is {@code decode}. */
    static final String DECODE = "decode";

    private final MeterRegistry registry;
    /** {@code <target>.<table>} to its target and table, as the pipeline declared them. */
    private final Map<String, String[]> tables = new ConcurrentHashMap<>();

    private final StageGauges stages;

    MicrometerTransformMetrics(MeterRegistry registry, StageGauges stages) {
        this.registry = registry;
        this.stages = stages;
    }

    /** Registers a table's series at 0, so that rates and alerts see them before the first event. */
    void expect(String target, String table, Iterable<String> invalidRules, Iterable<String> warnRules) {
        String name = target + "." + table;
        tables.put(name, new String[]{target, table});
        mapped(name);
        filtered(name);
        invalidRules.forEach(rule -> invalid(name, rule));
        warnRules.forEach(rule -> warned(name, rule));
        deadLetter(name, "validation");
        deadLetter(name, "decode");
    }

    /** {@code ferry_stage_up}, {@code ferry_stage_failed}, {@code ferry_stage_restarts_total} with {@code stage=transform}. */
    @Override
    public void recordStageState(StageState state) {
        stages.record("transform", "transform", state);
    }

    @Override
    public void recordValid(String table) {
        mapped(table).increment();
    }

    @Override
    public void recordInvalid(String table, String ruleId) {
        invalid(table, ruleId).increment();
        deadLetter(table, DECODE.equals(ruleId) ? "decode" : "validation").increment();
    }

    @Override
    public void recordFiltered(String table) {
        filtered(table).increment();
    }

    @Override
    public void recordWarned(String table, String ruleId) {
        warned(table, ruleId).increment();
    }

    private Counter mapped(String table) {
        return Counter.builder("ferry.mapped.records").description("records the transform mapped and wrote to a mapped topic")
                .tag("table", table).register(registry);
    }

    private Counter invalid(String table, String rule) {
        return Counter.builder("ferry.invalid.records")
                .description("records the transform dead-lettered, by the rule reported (decode: not decodable)")
                .tag("table", table).tag("rule", rule).register(registry);
    }

    private Counter filtered(String table) {
        return Counter.builder("ferry.filtered.records").description("rows the transform left out by the table's filter")
                .tag("table", table).register(registry);
    }

    private Counter warned(String table, String rule) {
        return Counter.builder("ferry.warned.records").description("rows that failed a rule of severity warn and went on")
                .tag("table", table).tag("rule", rule).register(registry);
    }

    private Counter deadLetter(String qualified, String cause) {
        String[] parts = tables.computeIfAbsent(qualified, q -> {
            int dot = q.indexOf('.');
            return dot < 0 ? new String[]{"?", q} : new String[]{q.substring(0, dot), q.substring(dot + 1)};
        });
        return MicrometerSinkMetrics.deadLetters(registry, "transform", parts[0], parts[1], cause);
    }
}
