package dev.ferry.schemas;

/**
 * Header names every dead-letter record carries, next to its original key, value and timestamp.
 * Values are UTF-8 strings. This is the contract operators and {@code ferry dlq} read.
 */
public final class DeadLetterHeaders {

    /** The stage that failed the record: {@code transform} or {@code sink}. */
    public static final String STAGE = "ferry.stage";
    public static final String ERROR_CLASS = "ferry.error.class";
    public static final String ERROR_MESSAGE = "ferry.error.message";
    /** One of validation, constraint, type, size, decode, unknown. */
    public static final String ERROR_CAUSE = "ferry.error.cause";
    public static final String ERROR_SEVERITY = "ferry.error.severity";
    /** Id of the validation rule that failed, if any. */
    public static final String RULE = "ferry.rule";
    public static final String ORIGIN_TOPIC = "ferry.origin.topic";
    public static final String ORIGIN_PARTITION = "ferry.origin.partition";
    public static final String ORIGIN_OFFSET = "ferry.origin.offset";
    public static final String TARGET = "ferry.target";
    /** ISO-8601 instant at which the record was dead-lettered. */
    public static final String FAILED_AT = "ferry.failed.at";
    /** How many times this record has failed (1 on first failure, increased by each re-drive). */
    public static final String ATTEMPTS = "ferry.attempts";

    private DeadLetterHeaders() {
    }
}
