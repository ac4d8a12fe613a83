package dev.ferry.sink;

import dev.ferry.schemas.types.ColumnType;

/**
 * One target column.
 *
 * @param name the column name, exact (quoted when written)
 * @param type its database-independent type
 * @param field position of the field carrying it in the Avro record
 */
public record Column(String name, ColumnType type, int field) {
}
