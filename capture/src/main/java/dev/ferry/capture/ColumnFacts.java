package dev.ferry.capture;

import java.util.Map;

/**
 * What the source's catalog says of a table's columns that Debezium does not carry, as Avro field
 * properties by column name ({@link dev.ferry.schemas.types.SourceColumns}). Read when a table's
 * row schema is first seen (at start and after each schema change).
 */
interface ColumnFacts {

    ColumnFacts NONE = table -> Map.of();

    /**
     * @param table {@code schema.table}
     * @return per column, its properties; empty when there is nothing to add or the source cannot be read
     */
    Map<String, Map<String, String>> of(String table);
}
