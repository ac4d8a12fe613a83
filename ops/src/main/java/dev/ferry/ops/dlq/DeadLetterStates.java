package dev.ferry.ops.dlq;

import dev.ferry.schemas.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each dead letter stands. A dead letter is <b>pending</b> until it is <b>re-driven</b>
 * ({@code ferry dlq redrive}) or <b>discarded</b> ({@code ferry dlq discard --reason}); both are
 * recorded in the compacted topic {@code <p>.internal.redriven}, keyed by {@link DeadLetter#id()},
 * with when, from where (the topic or an export file) or why, as JSON. {@code dlq list},
 * {@code status}, the dashboard and {@code cutover} count pending ones only.
 */
public final class DeadLetterStates {

    /** State of a re-driven dead letter. */
    public static final String REDRIVEN = "redriven";
    /** State of a discarded dead letter. */
    public static final String DISCARDED = "discarded";

    private DeadLetterStates() {
    }

    /**
     * Every dead letter that is not pending, by id, with its state ({@link #REDRIVEN} or
     * {@link #DISCARDED}); reads the topic without creating it.
     */
    public static Map<String, String> settled(KafkaSettings kafka) {
        Map<String, String> states = new HashMap<>();
        TopicReader.readAll(kafka, List.of(kafka.topics().redriven()), r -> {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                states.remove(id);
            } else {
                // Records written before discards existed carry no state: they are re-drives.
                states.put(id, new String(r.value(), StandardCharsets.UTF_8).contains("\"state\":\"" + DISCARDED + "\"")
                        ? DISCARDED : REDRIVEN);
            }
        });
        return states;
    }

    /** Settled ids per dead-letter topic (the part of the id before its partition and offset). */
    public static Map<String, Long> settledPerTopic(Map<String, String> settled) {
        Map<String, Long> perTopic = new HashMap<>();
        for (String id : settled.keySet()) {
            int partition = id.lastIndexOf('/', id.lastIndexOf('/') - 1);
            if (partition > 0) {
                perTopic.merge(id.substring(0, partition), 1L, Long::sum);
            }
        }
        return perTopic;
    }
}
