package dev.ferry.sink;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.SourceColumns.Generation;

/**
 * One target column.
 *
 * @param name the column name, exact (quoted when written)
 * @param type its database-independent type
 * @param field position of the field carrying it in the Avro record
 * @param generated how the source generates the column, or null when it does not
 * @param addedValue the value rows existing when the column was added at the source hold (source
 *     text), or null when none is known
 */
public record Column(String name, ColumnType type, int field, Generation generated, String addedValue) {

    public Column(String name, ColumnType type, int field) {
        this(name, type, field, null, null);
    }
}
