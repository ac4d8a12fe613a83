package dev.ferry.schemas.types;

import org.apache.avro.Schema;

/**
 * What capture knows of a source column beyond its type, carried as Avro field properties of the
 * row record from the raw topic through the mapped topic to the sink (the transform copies field
 * properties): a stored generated column's expression, and the value a column added later with
 * a default holds in the rows that existed before.
 */
public final class SourceColumns {

    /** The SQL expression of a {@code GENERATED ALWAYS AS (...) STORED} column, in the source's dialect. */
    public static final String GENERATED_PROP = "ferry.generated";
    /**
     * For a column added to a table with rows ({@code ALTER TABLE ... ADD COLUMN ... DEFAULT x}): the
     * value, as the source's text, that every row existing at that moment holds.
     */
    public static final String ADDED_VALUE_PROP = "ferry.added.value";

    private SourceColumns() {
    }

    /** @return the generation expression, or null when the column is not generated */
    public static String generated(Schema.Field field) {
        return field.getProp(GENERATED_PROP);
    }

    /** @return the value existing rows got when the column was added, or null when none is known */
    public static String addedValue(Schema.Field field) {
        return field.getProp(ADDED_VALUE_PROP);
    }
}
