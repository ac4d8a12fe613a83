package dev.ferry.transform;

import dev.ferry.transform.mapping.CastException;
import dev.ferry.transform.mapping.MappedRow;
import dev.ferry.transform.mapping.RowMapping;
import dev.ferry.transform.predicate.Predicate;
import dev.ferry.transform.validation.Severity;
import dev.ferry.transform.validation.ValidationRule;
import dev.ferry.transform.validation.Validator;
import dev.ferry.transform.validation.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Turns one raw change (a Debezium envelope) into an {@link Outcome}: a pure function of the
 * {@link TableMapping} and its input, never throwing for a well-formed envelope.
 *
 * <p>In order: a raw tombstone is skipped; a delete follows {@link DeleteMode}; otherwise the
 * {@code after} row goes through the filter (a row left out by an update becomes a tombstone, so
 * a row that passed before does not stay stale in the target; a left-out insert or snapshot row
 * writes nothing), then the mapping (a failed cast is an error of rule {@code columns.<column>.cast})
 * and the validation rules. Filters and rules read source column names and source values; a
 * filter or rule naming a column the table lacks rejects every row, naming the column. A filter
 * over a column the source did not send (TOAST) keeps the row.
 */
public final class ChangeTransformer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChangeTransformer.class);

    private final TableMapping mapping;
    private final RowMapping rows;
    private final Validator validator;
    private final Map<Schema, Layout> layouts = new ConcurrentHashMap<>();
    private final java.util.Set<String> filterColumns;

    public ChangeTransformer(TableMapping mapping) {
        this.mapping = mapping;
        this.filterColumns = mapping.filter() == null ? java.util.Set.of() : mapping.filter().columns();
        this.rows = new RowMapping(mapping.rowRules());
        this.validator = new Validator(mapping.validations());
    }

    public TableMapping mapping() {
        return mapping;
    }

    /**
     * @param rawKey the raw key (the source primary key); never null
     * @param envelope the raw value, or null for a raw tombstone
     * @throws IllegalArgumentException when the envelope lacks what a change must have
     */
    public Outcome apply(GenericRecord rawKey, GenericRecord envelope) {
        if (envelope == null) {
            return new Outcome.Skipped();
        }
        String op = String.valueOf(envelope.get("op"));
        GenericRecord source = (GenericRecord) envelope.get("source");
        String position = source == null ? null : position(source);
        long tsMs = source != null && source.get("ts_ms") instanceof Long ts ? ts : -1;
        MappedRow key = rows.mapKey(rawKey);
        if (key instanceof MappedRow.Failed f) {
            return rejected(failures(f), List.of(), CastException.class.getName());
        }
        GenericRecord mappedKey = ((MappedRow.Mapped) key).record();
        if ("d".equals(op)) {
            return delete(rawKey, envelope, mappedKey, position, tsMs);
        }
        GenericRecord after = (GenericRecord) envelope.get("after");
        if (after == null) {
            throw new IllegalArgumentException("change '" + op + "' on " + mapping.rawTopic() + " has no 'after' row");
        }
        Layout layout = layouts.computeIfAbsent(after.getSchema(), this::layout);
        if (layout.problem != null) {
            return layout.problem;
        }
        MappedRow row = rows.mapRow(after, rawKey.getSchema(), false);
        SourceRow view = new SourceRow(layout.columns, after, () -> row instanceof MappedRow.Mapped m ? size(m.record()) : 0);
        Predicate filter = mapping.filter();
        if (filter != null && filterColumns.stream().noneMatch(view::unchanged) && !filter.test(view)) {
            return new Outcome.Filtered("u".equals(op) ? new MappedChange(mappedKey, null, "d", position, tsMs) : null);
        }
        List<Violation> violations = new ArrayList<>();
        String errorClass = null;
        if (row instanceof MappedRow.Failed f) {
            violations.addAll(failures(f));
            errorClass = CastException.class.getName();
        }
        for (Violation v : validator.violations(view)) {
            violations.add(v);
            if (errorClass == null && v.severity() == Severity.ERROR) {
                errorClass = ruleClass(v.ruleId());
            }
        }
        List<Violation> errors = violations.stream().filter(v -> v.severity() == Severity.ERROR).toList();
        List<Violation> warnings = violations.stream().filter(v -> v.severity() == Severity.WARN).toList();
        if (!errors.isEmpty()) {
            return new Outcome.Rejected(errors, warnings, errorClass);
        }
        MappedRow.Mapped mapped = (MappedRow.Mapped) row;
        return new Outcome.Write(new MappedChange(mappedKey, mapped.record(), op, position, tsMs, mapped.unchanged()), warnings);
    }

    private Outcome delete(GenericRecord rawKey, GenericRecord envelope, GenericRecord mappedKey, String position, long tsMs) {
        return switch (mapping.deletes()) {
            case HARD -> new Outcome.Write(new MappedChange(mappedKey, null, "d", position, tsMs), List.of());
            case IGNORE -> new Outcome.Skipped();
            case SOFT -> {
                GenericRecord before = (GenericRecord) envelope.get("before");
                if (before == null) {
                    throw new IllegalArgumentException("delete on " + mapping.rawTopic() + " has no 'before' row");
                }
                MappedRow row = rows.mapRow(before, rawKey.getSchema(), true);
                if (row instanceof MappedRow.Failed f) {
                    yield rejected(failures(f), List.of(), CastException.class.getName());
                }
                GenericRecord r = ((MappedRow.Mapped) row).record();
                List<String> unchanged = new ArrayList<>();
                for (Schema.Field f : r.getSchema().getFields()) {
                    String column = dev.ferry.schemas.types.ColumnNames.columnOf(f);
                    boolean isKey = mappedKey.getSchema().getField(f.name()) != null;
                    if (!isKey && !column.equals(mapping.softDeleteColumn())) {
                        unchanged.add(column);
                        r.put(f.pos(), f.schema().getType() == Schema.Type.UNION ? null : r.get(f.pos()));
                    }
                }
                yield new Outcome.Write(new MappedChange(mappedKey, r, "u", position, tsMs, unchanged), List.of());
            }
        };
    }

    /**
     * Checks once per row schema that the filter and rules name existing columns. Column rules and
     * {@code keep} entries naming a missing column only warn in the log: the column may have been
     * dropped at the source, and leaving it out is then what the mapping means.
     */
    private Layout layout(Schema schema) {
        SourceRow.Columns columns = new SourceRow.Columns(schema);
        java.util.Set<String> named = new TreeSet<>(mapping.columns().keySet());
        if (mapping.keep() != null) {
            named.addAll(mapping.keep());
        }
        List<String> absent = missing(named, columns);
        if (!absent.isEmpty()) {
            LOG.warn("mapping of {} to {} names columns the source table does not have: {} (its columns: {})",
                    mapping.rawTopic(), mapping.table(), absent, new TreeSet<>(columns.names()));
        }
        List<Violation> problems = new ArrayList<>();
        if (mapping.filter() != null) {
            missing(mapping.filter().columns(), columns).forEach(c -> problems.add(new Violation("filter", Severity.ERROR,
                    "the filter reads column '" + c + "', which " + mapping.rawTopic() + " does not have (columns: "
                            + new TreeSet<>(columns.names()) + ")")));
        }
        for (ValidationRule rule : mapping.validations()) {
            missing(rule.columns(), columns).forEach(c -> problems.add(new Violation(rule.id(), Severity.ERROR,
                    "rule " + rule.id() + " reads column '" + c + "', which " + mapping.rawTopic()
                            + " does not have (columns: " + new TreeSet<>(columns.names()) + ")")));
        }
        return new Layout(columns, problems.isEmpty() ? null
                : new Outcome.Rejected(problems, List.of(), IllegalStateException.class.getName()));
    }

    private static List<String> missing(java.util.Set<String> wanted, SourceRow.Columns columns) {
        return wanted.stream().filter(c -> !columns.names().contains(c)).sorted().toList();
    }

    private String ruleClass(String ruleId) {
        return mapping.validations().stream().filter(r -> r.id().equals(ruleId)).findFirst()
                .map(r -> r.getClass().getName()).orElse(ValidationRule.class.getName());
    }

    private static List<Violation> failures(MappedRow.Failed f) {
        return f.failures().stream().map(x -> new Violation(x.ruleId(), Severity.ERROR, x.message())).toList();
    }

    private static Outcome.Rejected rejected(List<Violation> errors, List<Violation> warnings, String errorClass) {
        return new Outcome.Rejected(errors, warnings, errorClass);
    }

    /** The source position of a Debezium {@code source} block as text (LSN, or binlog file:pos); null when it has none. */
    static String position(GenericRecord source) {
        if (source.getSchema().getField("lsn") != null && source.get("lsn") != null) {
            return source.get("lsn").toString();
        }
        if (source.getSchema().getField("file") != null && source.get("file") != null) {
            return source.get("file") + ":" + source.get("pos");
        }
        return null;
    }

    private static int size(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.size();
    }

    private record Layout(SourceRow.Columns columns, Outcome.Rejected problem) {
    }
}
