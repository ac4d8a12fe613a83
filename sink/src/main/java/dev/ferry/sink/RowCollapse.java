package dev.ferry.sink;

import dev.ferry.schemas.types.ColumnNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Collapses the changes of one batch to the last state of each row, table by table, keeping the
 * order of their last changes. A later change replaces an earlier one of the same key
 * (an upsert then a delete is a delete, a delete then an upsert an upsert), except that a partial
 * upsert (columns the source did not send) after a full one takes the earlier values of the
 * columns it lacks: merged, not dropped.
 */
final class RowCollapse {

    private RowCollapse() {
    }

    /** Per table (in first-seen order), the last change of each key (in the order of those last changes). */
    static Map<String, List<Change>> collapse(List<Change> changes) {
        Map<String, Map<List<Object>, Change>> byTable = new LinkedHashMap<>();
        for (Change change : changes) {
            Map<List<Object>, Change> rows = byTable.computeIfAbsent(change.table(), t -> new LinkedHashMap<>());
            Change earlier = rows.remove(change.keyValues());
            rows.put(change.keyValues(), earlier == null ? change : merge(earlier, change));
        }
        Map<String, List<Change>> result = new LinkedHashMap<>();
        byTable.forEach((table, rows) -> result.put(table, new ArrayList<>(rows.values())));
        return result;
    }

    /** {@code later}, with the values of its unchanged columns taken from {@code earlier} when it has them. */
    static Change merge(Change earlier, Change later) {
        if (later.isDelete() || later.unchanged().isEmpty() || earlier.isDelete()) {
            return later;
        }
        Schema schema = later.row().getSchema();
        GenericRecord merged = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            merged.put(f.pos(), later.row().get(f.pos()));
        }
        Set<String> stillUnchanged = new HashSet<>();
        for (Schema.Field f : schema.getFields()) {
            String column = ColumnNames.columnOf(f);
            if (!later.unchanged().contains(column)) {
                continue;
            }
            Schema.Field source = field(earlier.row().getSchema(), column);
            if (source == null || earlier.unchanged().contains(column)) {
                stillUnchanged.add(column);
            } else {
                merged.put(f.pos(), earlier.row().get(source.pos()));
            }
        }
        return later.withRow(merged, stillUnchanged);
    }

    private static Schema.Field field(Schema schema, String column) {
        for (Schema.Field f : schema.getFields()) {
            if (ColumnNames.columnOf(f).equals(column)) {
                return f;
            }
        }
        return null;
    }
}
