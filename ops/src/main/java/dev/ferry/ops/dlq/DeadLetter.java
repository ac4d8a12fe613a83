package dev.ferry.ops.dlq;

import dev.ferry.schemas.DeadLetterHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One dead-letter record: where it sits, its original key and value bytes, and its headers (UTF-8
 * text, in order; a repeated header keeps its last value).
 *
 * @param topic the dead-letter topic
 * @param timestamp the original record's timestamp, epoch ms
 * @param key original key bytes, may be null
 * @param value original value bytes, null for a tombstone
 * @param table the table it belongs to (target table for the sink, {@code schema.table} of the
 *     source for the transform), {@code ?} when its origin topic is not one of this pipeline's
 */
public record DeadLetter(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                         Map<String, String> headers, String table) {

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** {@code <topic>/<partition>/<offset>}: identifies the dead letter for good (the key of the redriven topic). */
    public String id() {
        return topic + "/" + partition + "/" + offset;
    }

    public String stage() {
        return header(DeadLetterHeaders.STAGE, "?");
    }

    public String cause() {
        return header(DeadLetterHeaders.ERROR_CAUSE, "unknown");
    }

    /** The validation rule that failed, or {@code -} when none did. */
    public String rule() {
        return header(DeadLetterHeaders.RULE, "-");
    }

    /** The topic of the stage input the record failed on, null if the header is missing. */
    public String originTopic() {
        return headers.get(DeadLetterHeaders.ORIGIN_TOPIC);
    }

    /** The partition it came from, -1 when unknown. */
    public int originPartition() {
        try {
            return Integer.parseInt(header(DeadLetterHeaders.ORIGIN_PARTITION, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** How many times it failed, at least 1. */
    public int attempts() {
        try {
            return Math.max(1, Integer.parseInt(header(DeadLetterHeaders.ATTEMPTS, "1")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public String error() {
        return header(DeadLetterHeaders.ERROR_MESSAGE, "");
    }

    private String header(String name, String orElse) {
        String v = headers.get(name);
        return v == null ? orElse : v;
    }
}
