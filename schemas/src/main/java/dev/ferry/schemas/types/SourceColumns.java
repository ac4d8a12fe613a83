package dev.ferry.schemas.types;

import org.apache.avro.Schema;

/**
 * What capture knows of a source column beyond its type, carried as Avro field properties of the
 * row record from the raw topic through the mapped topic to the sink (the transform copies field
 * properties): a generated column's expression (with the dialect it is written in and whether it
 * is stored), and the value a column added later with a default holds in the rows that existed before.
 */
public final class SourceColumns {

    /** The SQL expression of a {@code GENERATED ALWAYS AS (...)} column, in the source's dialect. */
    public static final String GENERATED_PROP = "ferry.generated";
    /**
     * The SQL dialect {@link #GENERATED_PROP} is written in: {@value #POSTGRES} (also when absent,
     * as in records of earlier versions) or {@value #MARIADB}.
     */
    public static final String GENERATED_DIALECT_PROP = "ferry.generated.dialect";
    /** {@code virtual} when the source computes the column on read; absent or {@code stored} otherwise. */
    public static final String GENERATED_KIND_PROP = "ferry.generated.kind";
    /**
     * For a column added to a table with rows ({@code ALTER TABLE ... ADD COLUMN ... DEFAULT x}): the
     * value, as the source's text, that every row existing at that moment holds.
     */
    public static final String ADDED_VALUE_PROP = "ferry.added.value";

    public static final String POSTGRES = "postgres";
    public static final String MARIADB = "mariadb";

    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private SourceColumns() {
    }

    /** Whether {@code text} is a plain SQL number literal ({@code 7}, {@code -1.50}, {@code 1e10}). */
    public static boolean isNumber(String text) {
        return NUMBER.matcher(text).matches();
    }

    /**
     * How the source computes a generated column.
     *
     * @param expression the expression, in {@code dialect}
     * @param dialect {@value #POSTGRES} or {@value #MARIADB}
     * @param virtual true when computed on read (MariaDB {@code VIRTUAL}), false when stored
     */
    public record Generation(String expression, String dialect, boolean virtual) {

        /** Whether the expression is written in {@code dialect}'s SQL. */
        public boolean writtenIn(String dialect) {
            return this.dialect.equals(dialect);
        }
    }

    /** @return how the column is generated, or null when it is not */
    public static Generation generation(Schema.Field field) {
        String expression = field.getProp(GENERATED_PROP);
        if (expression == null) {
            return null;
        }
        String dialect = field.getProp(GENERATED_DIALECT_PROP);
        return new Generation(expression, dialect == null ? POSTGRES : dialect,
                "virtual".equals(field.getProp(GENERATED_KIND_PROP)));
    }

    /** @return the value existing rows got when the column was added, or null when none is known */
    public static String addedValue(Schema.Field field) {
        return field.getProp(ADDED_VALUE_PROP);
    }
}
