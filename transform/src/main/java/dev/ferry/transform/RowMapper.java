package dev.ferry.transform;

import dev.ferry.schemas.types.ColumnNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Maps a raw change (a Debezium envelope) to a change of the target table: a pure function of the
 * mapping and its input. Schemas of the mapped key and row are derived from the raw ones (renamed
 * fields keep their types and semantic properties) and cached per input schema.
 */
public final class RowMapper {

    private final TableMapping mapping;
    private final Map<Schema, Derived> derived = new ConcurrentHashMap<>();

    public RowMapper(TableMapping mapping) {
        this.mapping = mapping;
    }

    /**
     * Maps one raw record.
     *
     * @param rawKey the raw key (the source primary key); never null
     * @param envelope the raw value, or null for a raw tombstone
     * @return the mapped change, or empty when there is nothing to write (a raw tombstone: the
     *     delete before it already became the mapped tombstone)
     * @throws IllegalArgumentException when the envelope lacks what a change must have
     */
    public Optional<MappedChange> map(GenericRecord rawKey, GenericRecord envelope) {
        if (envelope == null) {
            return Optional.empty();
        }
        String op = String.valueOf(envelope.get("op"));
        GenericRecord source = (GenericRecord) envelope.get("source");
        String position = source == null ? null : position(source);
        long tsMs = source != null && source.get("ts_ms") instanceof Long ts ? ts : -1;
        GenericRecord key = rename(rawKey);
        if ("d".equals(op)) {
            return Optional.of(new MappedChange(key, null, op, position, tsMs));
        }
        GenericRecord after = (GenericRecord) envelope.get("after");
        if (after == null) {
            throw new IllegalArgumentException("change '" + op + "' on " + mapping.rawTopic() + " has no 'after' row");
        }
        return Optional.of(new MappedChange(key, rename(after), op, position, tsMs));
    }

    /**
     * Maps one source row (the {@code after} record of a change) to its target row, exactly as
     * {@link #map} does for a change: {@code ferry verify} puts source rows through this so that
     * they compare with what the pipeline wrote.
     *
     * @return the target row, or empty when the mapping keeps no row for it
     */
    public Optional<GenericRecord> mapRow(GenericRecord row) {
        return Optional.of(rename(row));
    }

    private static String position(GenericRecord source) {
        if (source.getSchema().getField("lsn") != null && source.get("lsn") != null) {
            return source.get("lsn").toString();
        }
        if (source.getSchema().getField("file") != null && source.get("file") != null) {
            return source.get("file") + ":" + source.get("pos");
        }
        return null;
    }

    private GenericRecord rename(GenericRecord in) {
        Derived d = derived.computeIfAbsent(in.getSchema(), this::derive);
        GenericRecord out = new GenericData.Record(d.schema);
        for (int i = 0; i < d.sourcePositions.length; i++) {
            out.put(i, in.get(d.sourcePositions[i]));
        }
        return out;
    }

    private Derived derive(Schema in) {
        List<Schema.Field> fields = new ArrayList<>();
        int[] positions = new int[in.getFields().size()];
        int i = 0;
        for (Schema.Field f : in.getFields()) {
            String column = mapping.targetColumn(ColumnNames.columnOf(f));
            Schema.Field copy = new Schema.Field(ColumnNames.avroName(column), f.schema(), f.doc(),
                    f.hasDefaultValue() ? f.defaultVal() : null);
            f.getObjectProps().forEach((k, v) -> {
                if (!ColumnNames.COLUMN_PROP.equals(k)) {
                    copy.addProp(k, v);
                }
            });
            if (!copy.name().equals(column)) {
                copy.addProp(ColumnNames.COLUMN_PROP, column);
            }
            fields.add(copy);
            positions[i++] = f.pos();
        }
        String suffix = in.getName().endsWith("Key") ? "Key" : "Value";
        Schema out = Schema.createRecord(suffix, null, namespace(), false, fields);
        return new Derived(out, positions);
    }

    private String namespace() {
        return "ferry." + ColumnNames.avroName(mapping.target()) + "." + ColumnNames.avroName(mapping.targetTable());
    }

    private record Derived(Schema schema, int[] sourcePositions) {
    }
}
