package dev.ferry.sink;

import dev.ferry.schemas.types.ColumnNames;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.SourceColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The columns of a target table as one pair of record schemas describes them: the key columns
 * (from the key schema) and all columns (from the row schema, key columns included).
 *
 * @param keys the primary-key columns, positions in the key record
 * @param columns every column, positions in the row record; null for a shape known only from a key (deletes)
 */
public record TableShape(List<Column> keys, List<Column> columns) {

    static TableShape of(Schema keySchema, Schema rowSchema) {
        return new TableShape(columns(keySchema), rowSchema == null ? null : columns(rowSchema));
    }

    private static List<Column> columns(Schema record) {
        List<Column> columns = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            columns.add(new Column(ColumnNames.columnOf(f), ColumnType.of(f.schema()), f.pos(),
                    SourceColumns.generation(f), SourceColumns.addedValue(f)));
        }
        return List.copyOf(columns);
    }

    /** The row column that has the name of a key column. */
    Column rowColumn(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("key column " + name + " is not in the row"));
    }
}
