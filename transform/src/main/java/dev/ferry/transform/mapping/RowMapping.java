package dev.ferry.transform.mapping;

import dev.ferry.schemas.types.ColumnNames;
import dev.ferry.schemas.types.ColumnType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Applies {@link RowRules} to a key or a row: a pure function of the rules and the record. The
 * mapped schema is derived once per input schema (and cached): excluded columns are left out,
 * casts and masks change a field's type, constant and soft-delete columns are appended, and every
 * other field keeps its type and semantic properties, so a column added at the source appears as
 * the same new optional field in the mapped schema (a compatible evolution).
 *
 * <p>The TOAST placeholder {@value #UNAVAILABLE} that PostgreSQL sends for an unchanged large
 * value never reaches the output: the field becomes null and its target column is listed in
 * {@link MappedRow.Mapped#unchanged()}.
 */
public final class RowMapping {

    /** Debezium's placeholder for a value the source did not send. */
    public static final String UNAVAILABLE = "__debezium_unavailable_value";
    private static final ByteBuffer UNAVAILABLE_BYTES = ByteBuffer.wrap(UNAVAILABLE.getBytes(StandardCharsets.UTF_8));

    private final RowRules rules;
    private final Map<PlanKey, Plan> plans = new ConcurrentHashMap<>();

    public RowMapping(RowRules rules) {
        this.rules = rules;
    }

    /** Maps a primary-key record: renames, casts and masks apply; nothing is dropped or added. */
    public MappedRow mapKey(GenericRecord key) {
        return apply(plans.computeIfAbsent(new PlanKey(key.getSchema(), null, true), this::derive), key, false);
    }

    /**
     * Maps a row.
     *
     * @param row the source row (Debezium's {@code after} or {@code before})
     * @param keySchema the schema of the source key; its columns are always kept
     * @param softDeleted the value of the soft-delete column, if the rules have one
     */
    public MappedRow mapRow(GenericRecord row, Schema keySchema, boolean softDeleted) {
        return apply(plans.computeIfAbsent(new PlanKey(row.getSchema(), keySchema, false), this::derive), row, softDeleted);
    }

    /** The target name of a source column. */
    public String targetColumn(String sourceColumn) {
        return rules.targetColumn(sourceColumn);
    }

    private MappedRow apply(Plan plan, GenericRecord in, boolean softDeleted) {
        if (plan.error != null) {
            return new MappedRow.Failed(List.of(new MappedRow.Failure("mapping", plan.error)));
        }
        GenericRecord out = new GenericData.Record(plan.schema);
        List<String> unchanged = new ArrayList<>(0);
        List<MappedRow.Failure> failures = new ArrayList<>(0);
        int i = 0;
        for (FieldPlan f : plan.fields) {
            Object value = in.get(f.sourcePos);
            if (isUnavailable(value)) {
                unchanged.add(f.target);
                out.put(i++, null);
                continue;
            }
            try {
                out.put(i++, f.convert(value));
            } catch (CastException e) {
                failures.add(new MappedRow.Failure("columns." + f.source + ".cast",
                        "column " + f.source + ": " + e.getMessage()));
            }
        }
        for (Object constant : plan.constants) {
            out.put(i++, constant);
        }
        if (plan.softDelete) {
            out.put(i, softDeleted);
        }
        return failures.isEmpty() ? new MappedRow.Mapped(out, unchanged) : new MappedRow.Failed(failures);
    }

    /** True if {@code value} is the placeholder {@value #UNAVAILABLE} (as text or as bytes). */
    public static boolean isUnavailable(Object value) {
        if (value instanceof CharSequence s) {
            return s.length() == UNAVAILABLE.length() && UNAVAILABLE.contentEquals(s);
        }
        return value instanceof ByteBuffer b && UNAVAILABLE_BYTES.equals(b.duplicate());
    }

    private Plan derive(PlanKey key) {
        Set<String> keyColumns = new java.util.HashSet<>();
        if (key.keySchema() != null) {
            key.keySchema().getFields().forEach(f -> keyColumns.add(ColumnNames.columnOf(f)));
        }
        List<Schema.Field> fields = new ArrayList<>();
        List<FieldPlan> plans = new ArrayList<>();
        Map<String, String> producers = new HashMap<>();
        try {
            for (Schema.Field f : key.schema().getFields()) {
                String column = ColumnNames.columnOf(f);
                boolean keyColumn = key.isKey() || keyColumns.contains(column);
                if (!keyColumn && rules.excludes(column)) {
                    continue;
                }
                FieldPlan plan = fieldPlan(f, column, key.isKey(), keyColumn);
                claim(producers, plan.target, "column " + column);
                fields.add(field(plan.target, plan.schema, f, plan.schema == f.schema()));
                plans.add(plan);
            }
            List<Object> constants = new ArrayList<>();
            if (!key.isKey()) {
                for (Map.Entry<String, String> add : rules.add().entrySet()) {
                    claim(producers, add.getKey(), "the added column");
                    Schema s = Schema.create(Schema.Type.STRING);
                    fields.add(field(add.getKey(), s, null, false, add.getValue()));
                    constants.add(add.getValue());
                }
                if (rules.softDeleteColumn() != null) {
                    claim(producers, rules.softDeleteColumn(), "the soft-delete column");
                    fields.add(field(rules.softDeleteColumn(), Schema.create(Schema.Type.BOOLEAN), null, false, false));
                }
            }
            Schema schema = Schema.createRecord(key.isKey() ? "Key" : "Value", null, rules.namespace(), false, fields);
            return new Plan(schema, plans, constants, !key.isKey() && rules.softDeleteColumn() != null, null);
        } catch (IllegalStateException | CastException e) {
            return new Plan(null, List.of(), List.of(), false, e.getMessage());
        }
    }

    private FieldPlan fieldPlan(Schema.Field f, String column, boolean inKey, boolean keyColumn) throws CastException {
        ColumnRule.Cast cast = rules.rule(column, ColumnRule.Cast.class);
        ColumnRule.MaskWith mask = rules.rule(column, ColumnRule.MaskWith.class);
        ColumnRule.Default dflt = inKey ? null : rules.rule(column, ColumnRule.Default.class);
        boolean optional = f.schema().getType() == Schema.Type.UNION;
        Schema schema = f.schema();
        if (cast != null) {
            schema = optional ? AvroValues.nullable(cast.to().avroSchema()) : cast.to().avroSchema();
        }
        if (mask != null) {
            if (keyColumn && mask.mask().kind() != Mask.Kind.SHA256) {
                throw new IllegalStateException("primary-key column " + column + " cannot be masked with "
                        + mask.mask().kind().name().toLowerCase() + ": every row would get the same key; use sha256");
            }
            schema = switch (mask.mask().kind()) {
                case SHA256, REDACT -> optional ? AvroValues.nullable(Schema.create(Schema.Type.STRING))
                        : Schema.create(Schema.Type.STRING);
                case NULL -> AvroValues.nullable(schema);
            };
        }
        ColumnType sourceType = ColumnType.of(f.schema());
        ColumnType outType = ColumnType.of(schema);
        Object defaultValue = null;
        if (dflt != null) {
            try {
                defaultValue = AvroValues.toAvro(outType, schema, Casts.parse(dflt.value(), outType.kind()));
            } catch (CastException e) {
                throw new IllegalStateException("default of column " + column + ": " + e.getMessage());
            }
        }
        return new FieldPlan(column, rules.targetColumn(column), f.pos(), schema, sourceType, outType,
                cast == null ? null : cast.to(), mask == null ? null : mask.mask(), defaultValue);
    }

    private static void claim(Map<String, String> producers, String target, String what) {
        String earlier = producers.putIfAbsent(target, what);
        if (earlier != null) {
            throw new IllegalStateException("target column '" + target + "' is produced by both " + earlier + " and " + what);
        }
    }

    private static Schema.Field field(String column, Schema schema, Schema.Field from, boolean sameType) {
        Object defaultValue = schema.getType() == Schema.Type.UNION && schema.getTypes().get(0).getType() == Schema.Type.NULL
                ? JsonProperties.NULL_VALUE
                : sameType && from != null && from.hasDefaultValue() ? copiedDefault(from.defaultVal()) : null;
        return field(column, schema, from, sameType, defaultValue);
    }

    /**
     * A field's default as a new field takes it: Avro hands a {@code bytes} default (a decimal's,
     * for one) out as a {@code byte[]} but writes one given back as base64 text, which is no valid
     * bytes default; its JSON form is the bytes as ISO-8859-1 characters.
     */
    private static Object copiedDefault(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (value instanceof java.nio.ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return value;
    }

    private static Schema.Field field(String column, Schema schema, Schema.Field from, boolean sameType, Object defaultValue) {
        Schema.Field copy = new Schema.Field(ColumnNames.avroName(column), schema, from == null ? null : from.doc(), defaultValue);
        if (from != null) {
            from.getObjectProps().forEach((k, v) -> {
                if (!ColumnNames.COLUMN_PROP.equals(k)) {
                    copy.addProp(k, v);
                }
            });
        }
        if (!copy.name().equals(column)) {
            copy.addProp(ColumnNames.COLUMN_PROP, column);
        }
        return copy;
    }

    private record PlanKey(Schema schema, Schema keySchema, boolean isKey) {
    }

    private record Plan(Schema schema, List<FieldPlan> fields, List<Object> constants, boolean softDelete, String error) {
    }

    /** How one source field becomes one target field. */
    private record FieldPlan(String source, String target, int sourcePos, Schema schema, ColumnType sourceType,
                             ColumnType outType, CastType cast, Mask mask, Object defaultValue) {

        Object convert(Object avro) throws CastException {
            if (avro == null) {
                return defaultValue;
            }
            if (cast == null && mask == null) {
                return avro;
            }
            Object value = sourceType.toJava(avro);
            if (cast != null) {
                value = Casts.cast(value, cast);
            }
            if (mask != null) {
                return mask.apply(value);
            }
            return AvroValues.toAvro(outType, schema, value);
        }
    }
}
