package dev.ferry.sink.error;

/** Why a record was dead-lettered; its lower-case name is the {@code ferry.error.cause} header. */
public enum ErrorCause {
    VALIDATION,
    /** The target refused the row: unique, check, not-null or foreign-key constraint. */
    CONSTRAINT,
    /** A value the target column cannot hold exactly (NaN in MariaDB, a decimal out of range, bad input). */
    TYPE,
    /** A value too long for its column. */
    SIZE,
    /** The target lacks the table or a column the row needs, and the DDL mode does not allow adding it. */
    SCHEMA,
    DECODE,
    UNKNOWN;

    public String header() {
        return name().toLowerCase();
    }
}
