package dev.ferry.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@code TRUNCATE} of a source table on its raw topic. Debezium's truncate event has no key,
 * which a compacted topic refuses, so capture gives it this fixed key (not Avro: no table key
 * can look like it); the value is Debezium's envelope with {@code op = t}. Capture writes one such
 * marker to every partition of the raw topic (header {@link FerryHeaders#TRUNCATE_PARTITIONS}), so
 * that in each partition every change before the truncate comes before its marker and every change
 * after it comes after. The transform writes the marker on to the same partition of the mapped topic
 * (same key, the envelope as value, header {@link FerryHeaders#TRUNCATE_EFFECT}); the sink applies
 * the truncate once every partition reached its marker. Compaction keeps the last truncate of a
 * table in each partition, which is all a replay needs.
 */
public final class Truncates {

    private static final byte[] KEY = "ferry.truncate".getBytes(StandardCharsets.UTF_8);

    private Truncates() {
    }

    /** The key of a truncate record (a fresh copy). */
    public static byte[] key() {
        return KEY.clone();
    }

    /** Whether {@code key} is the key of a truncate record. */
    public static boolean isKey(byte[] key) {
        return key != null && Arrays.equals(KEY, key);
    }
}
