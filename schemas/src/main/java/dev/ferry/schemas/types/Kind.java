package dev.ferry.schemas.types;

/**
 * What a column holds, independent of any database: the vocabulary in which the sink chooses a
 * target column type and binds a value, and in which verify compares values.
 */
public enum Kind {
    BOOLEAN,
    INT16,
    INT32,
    INT64,
    FLOAT32,
    FLOAT64,
    /** Exact decimal with a fixed precision and scale. */
    DECIMAL,
    /** Exact decimal whose scale varies per value (PostgreSQL {@code numeric} without a scale). */
    VARIABLE_DECIMAL,
    STRING,
    BYTES,
    DATE,
    /** Time of day without zone, microsecond precision. */
    TIME,
    /**
     * A signed length of time at microsecond precision: a MariaDB/MySQL {@code TIME}, which reaches
     * from {@code -838:59:59.999999} to {@code 838:59:59.999999} (Java: {@link java.time.Duration}).
     */
    DURATION,
    /** Date and time without zone ("wall clock"), microsecond precision. */
    TIMESTAMP,
    /** An instant, carried with its offset. */
    TIMESTAMP_TZ,
    UUID,
    JSON,
    /**
     * A PostgreSQL value in PostgreSQL's own text rendering, with its exact source type
     * ({@link ColumnType#sourceType()}, as {@code format_type} writes it): what PostgreSQL itself
     * reads back to the same value. See {@link PgText}.
     */
    PG_TEXT
}
