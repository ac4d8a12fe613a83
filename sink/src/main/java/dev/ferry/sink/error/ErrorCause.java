package dev.ferry.sink.error;

/** Why a record was dead-lettered; its lower-case name is the {@code ferry.error.cause} header. */
public enum ErrorCause {
    VALIDATION,
    CONSTRAINT,
    TYPE,
    SIZE,
    DECODE,
    UNKNOWN;

    public String header() {
        return name().toLowerCase();
    }
}
