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
 *
 * <p>A <b>snapshot restart</b> takes the same path under a key of its own: when a one-pass snapshot
 * read of a table starts again (a crash or engine restart interrupted the previous read), capture
 * writes this marker into every partition before the first row of the new read. The rows of the
 * interrupted read are in the target, and those the source deleted before the new read began would
 * stay there, since the new read streams only from its own start: the sink removes every row of the
 * table at the marker (after the mapping's delete mode, whatever the target's {@code truncate}
 * setting), and the new read fills it again. Its own key keeps it through compaction beside a later
 * truncate marker; its value is a short UTF-8 text, not Avro.
 */
public final class Truncates {

    private static final byte[] KEY = "ferry.truncate".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESTART_KEY = "ferry.snapshot.restart".getBytes(StandardCharsets.UTF_8);

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

    /** The key of a snapshot restart marker (a fresh copy). */
    public static byte[] restartKey() {
        return RESTART_KEY.clone();
    }

    /** Whether {@code key} is the key of a snapshot restart marker. */
    public static boolean isRestartKey(byte[] key) {
        return key != null && Arrays.equals(RESTART_KEY, key);
    }

    /** Whether {@code key} is that of a marker the sink applies at its barrier: a truncate or a snapshot restart. */
    public static boolean isMarker(byte[] key) {
        return isKey(key) || isRestartKey(key);
    }

    /** What a marker with {@code key} applies, for messages: {@code snapshot restart} or {@code TRUNCATE}. */
    public static String what(byte[] key) {
        return isRestartKey(key) ? "snapshot restart" : "TRUNCATE";
    }

    /** The value of a snapshot restart marker of {@code table}: what it is, for a person reading the topic. */
    public static byte[] restartValue(String table) {
        return ("the snapshot of " + table + " started again: rows read before this are removed")
                .getBytes(StandardCharsets.UTF_8);
    }
}
