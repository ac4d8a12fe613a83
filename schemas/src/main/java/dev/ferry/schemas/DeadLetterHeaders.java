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

    /**
     * Most UTF-8 bytes of a text header Ferry writes ({@value} bytes): a longer message (a driver's
     * error quoting a whole row, a stack of causes) is cut to fit, never refused.
     */
    public static final int MAX_TEXT_BYTES = 8 * 1024;

    private DeadLetterHeaders() {
    }

    /**
     * {@code text} as header bytes (UTF-8) of at most {@link #MAX_TEXT_BYTES}: cut at a character
     * boundary and ended with {@code ... (N more bytes)} when longer. Null reads as {@code null}.
     */
    public static byte[] bounded(String text) {
        byte[] bytes = String.valueOf(text).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= MAX_TEXT_BYTES) {
            return bytes;
        }
        String tail = "... (" + bytes.length + " bytes in all)";
        int keep = MAX_TEXT_BYTES - tail.length();
        // Do not cut a multi-byte character: step back to the first byte of one.
        while (keep > 0 && (bytes[keep] & 0xC0) == 0x80) {
            keep--;
        }
        byte[] out = new byte[keep + tail.length()];
        System.arraycopy(bytes, 0, out, 0, keep);
        System.arraycopy(tail.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, out, keep, tail.length());
        return out;
    }
}
