package dev.ferry.schemas.connect;

/**
 * The real column name of a struct field, where the producer of the Connect schema (Debezium)
 * named a field otherwise than its column. {@link #AS_NAMED} for producers that name fields exactly.
 */
@FunctionalInterface
public interface ColumnNaming {

    /** Fields are named exactly as their columns. */
    ColumnNaming AS_NAMED = (struct, field) -> field;

    /**
     * @param struct the Connect struct schema that holds the field
     * @param field the field's name in that schema
     * @return the real column name; {@code field} itself when it is right
     */
    String columnOf(org.apache.kafka.connect.data.Schema struct, String field);
}
