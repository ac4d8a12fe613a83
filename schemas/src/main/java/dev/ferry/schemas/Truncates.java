package dev.ferry.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A {@code TRUNCATE} of a source table on its raw topic. Debezium's truncate event has no key,
 * which a compacted topic refuses, so capture gives it this fixed key (not Avro: no table key
 * can look like it); the value is Debezium's envelope with {@code op = t}. Compaction keeps the
 * last truncate of a table.
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
