package dev.ferry.transform.predicate;

/**
 * The values of one row as predicates and validation rules see them: plain Java values (see
 * {@code ColumnType.toJava}) by source column name.
 */
public interface Row {

    /** The value of {@code column}, or null when it is NULL (or not in the row). */
    Object value(String column);

    /** True if the row has the column. */
    boolean has(String column);

    /**
     * True if the source did not send the column's value (PostgreSQL TOAST placeholder): its value
     * is unknown, so rules over it are not evaluated.
     */
    default boolean unchanged(String column) {
        return false;
    }
}
