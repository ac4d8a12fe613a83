package dev.ferry.transform;

import dev.ferry.schemas.types.ColumnNames;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.transform.mapping.RowMapping;
import dev.ferry.transform.validation.CheckedRow;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** A raw row seen by filters and validation rules: plain Java values by source column name, converted on demand. */
final class SourceRow implements CheckedRow {

    private final Columns columns;
    private final GenericRecord record;
    private final IntSupplier mappedBytes;

    SourceRow(Columns columns, GenericRecord record, IntSupplier mappedBytes) {
        this.columns = columns;
        this.record = record;
        this.mappedBytes = mappedBytes;
    }

    @Override
    public Object value(String column) {
        Integer pos = columns.positions.get(column);
        if (pos == null) {
            return null;
        }
        Object avro = record.get(pos);
        return avro == null || RowMapping.isUnavailable(avro) ? null : columns.types.get(column).toJava(avro);
    }

    @Override
    public boolean has(String column) {
        return columns.positions.containsKey(column);
    }

    @Override
    public boolean unchanged(String column) {
        Integer pos = columns.positions.get(column);
        return pos != null && RowMapping.isUnavailable(record.get(pos));
    }

    @Override
    public int mappedBytes() {
        return mappedBytes.getAsInt();
    }

    /** The columns of one row schema (derive once per schema). */
    static final class Columns {
        final Map<String, Integer> positions = new HashMap<>();
        final Map<String, ColumnType> types = new HashMap<>();

        Columns(Schema schema) {
            for (Schema.Field f : schema.getFields()) {
                String name = ColumnNames.columnOf(f);
                positions.put(name, f.pos());
                types.put(name, ColumnType.of(f.schema()));
            }
        }

        Set<String> names() {
            return positions.keySet();
        }
    }
}
