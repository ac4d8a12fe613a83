package dev.ferry.transform;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** {@link TransformMetrics} kept in memory, for status output and tests. Thread-safe. */
public final class CountingTransformMetrics implements TransformMetrics {

    private final Map<String, Table> tables = new ConcurrentHashMap<>();

    @Override
    public void recordValid(String table) {
        table(table).valid.increment();
    }

    @Override
    public void recordInvalid(String table, String ruleId) {
        Table t = table(table);
        t.invalid.increment();
        t.invalidByRule.computeIfAbsent(ruleId, r -> new LongAdder()).increment();
    }

    @Override
    public void recordFiltered(String table) {
        table(table).filtered.increment();
    }

    @Override
    public void recordWarned(String table, String ruleId) {
        Table t = table(table);
        t.warned.increment();
        t.warnedByRule.computeIfAbsent(ruleId, r -> new LongAdder()).increment();
    }

    /** Tables counted so far. */
    public Set<String> tables() {
        return Set.copyOf(tables.keySet());
    }

    /** The counts of one table (all zero for a table never counted). */
    public Counts counts(String table) {
        Table t = tables.get(table);
        if (t == null) {
            return new Counts(0, 0, 0, 0, Map.of(), Map.of());
        }
        return new Counts(t.valid.sum(), t.invalid.sum(), t.filtered.sum(), t.warned.sum(),
                sums(t.invalidByRule), sums(t.warnedByRule));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return Map.copyOf(out);
    }

    private Table table(String name) {
        return tables.computeIfAbsent(name, n -> new Table());
    }

    /**
     * Counts of one table.
     *
     * @param valid rows written
     * @param invalid records dead-lettered
     * @param filtered rows left out by the filter
     * @param warned failed warn rules
     * @param invalidByRule dead-lettered records by reported rule
     * @param warnedByRule failed warn rules by rule
     */
    public record Counts(long valid, long invalid, long filtered, long warned, Map<String, Long> invalidByRule,
                         Map<String, Long> warnedByRule) {
    }

    private static final class Table {
        final LongAdder valid = new LongAdder();
        final LongAdder invalid = new LongAdder();
        final LongAdder filtered = new LongAdder();
        final LongAdder warned = new LongAdder();
        final Map<String, LongAdder> invalidByRule = new ConcurrentHashMap<>();
        final Map<String, LongAdder> warnedByRule = new ConcurrentHashMap<>();
    }
}
