package dev.ferry.ops.dlq;

import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Remembers which dead letters were re-driven, in the compacted topic {@code <p>.internal.redriven}
 * keyed by {@link DeadLetter#id()} (value: when and where to, as JSON). Because dead-letter
 * coordinates never change, a dead letter exported to a file and edited keeps its id.
 */
final class RedrivenLog {

    private final KafkaSettings kafka;
    private final String topic;

    RedrivenLog(KafkaSettings kafka) {
        this.kafka = kafka;
        this.topic = kafka.topics().redriven();
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.ensure(admin, List.of(topic), 1, kafka.replicationFactor(), Topics.COMPACTED);
        }
    }

    /** Ids of every dead letter re-driven or discarded so far. */
    Set<String> load() {
        return new HashSet<>(DeadLetterStates.settled(kafka).keySet());
    }

    /** Records that these dead letters were discarded for {@code reason}; returns once Kafka acknowledged. */
    void discard(List<DeadLetter> letters, String reason, KafkaProducer<byte[], byte[]> producer)
            throws ExecutionException, InterruptedException {
        String at = Instant.now().toString();
        String value = "{\"state\":\"" + DeadLetterStates.DISCARDED + "\",\"at\":\"" + at + "\",\"reason\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(reason) + "}";
        send(letters, d -> value, producer);
    }

    /**
     * Records that these dead letters went back to the input of their stage, from {@code from} (the
     * dead-letter topic, or the export file); returns once Kafka acknowledged.
     */
    void mark(List<DeadLetter> letters, String from, Map<String, EditedRow> rows, KafkaProducer<byte[], byte[]> producer)
            throws ExecutionException, InterruptedException {
        String at = Instant.now().toString();
        send(letters, d -> "{\"state\":\"" + DeadLetterStates.REDRIVEN + "\",\"at\":\"" + at + "\",\"from\":"
                + com.fasterxml.jackson.databind.node.TextNode.valueOf(from) + ",\"to\":\"" + d.originTopic()
                + "\",\"attempts\":" + d.attempts() + row(rows.get(d.id())) + "}", producer);
    }

    /**
     * The target row a dead letter re-driven from an export file writes (see {@link EditedRows}).
     *
     * @param table {@code <target>.<table>}
     * @param key the key as verify prints it
     */
    record EditedRow(String table, String key) {
    }

    private static String row(EditedRow row) {
        return row == null ? "" : ",\"row\":{\"table\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(row.table())
                + ",\"key\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(row.key()) + "}";
    }

    private void send(List<DeadLetter> letters, java.util.function.Function<DeadLetter, String> value,
                      KafkaProducer<byte[], byte[]> producer) throws ExecutionException, InterruptedException {
        List<Future<RecordMetadata>> acks = new java.util.ArrayList<>();
        for (DeadLetter d : letters) {
            acks.add(producer.send(new ProducerRecord<>(topic, d.id().getBytes(StandardCharsets.UTF_8),
                    value.apply(d).getBytes(StandardCharsets.UTF_8))));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get();
        }
    }

    static KafkaProducer<byte[], byte[]> producer(KafkaSettings kafka) {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "ferry-dlq-redrive");
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void close(KafkaProducer<byte[], byte[]> producer) {
        producer.close(Duration.ofSeconds(30));
    }
}
