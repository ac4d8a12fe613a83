package dev.ferry.ops.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the last committed Debezium offset of one capture engine from its offsets topic (Kafka
 * Connect's format: key {@code ["<engine>", {"server": ...}]}, value a JSON object). That offset
 * says whether the snapshot is complete, without asking the running pipeline.
 */
final class CaptureOffsets {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CaptureOffsets() {
    }

    /** The last committed offset of {@code engine}, or empty when it never committed one. */
    static Optional<JsonNode> last(KafkaSettings kafka, String topic, String engine) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        JsonNode last = null;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (partitions == null || partitions.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
            while (assigned.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode key = parse(r.key());
                    if (key != null && key.isArray() && engine.equals(key.path(0).asText())) {
                        last = r.value() == null ? null : parse(r.value());
                    }
                }
            }
        }
        return Optional.ofNullable(last);
    }

    /**
     * Whether an offset marks a finished snapshot (or none was needed): no chunked (incremental)
     * snapshot has tables left to read, and it carries no snapshot flag, or says the last snapshot
     * record or the snapshot's completion.
     */
    static boolean snapshotDone(JsonNode offset) {
        JsonNode chunked = offset.get("incremental_snapshot_collections");
        if (chunked != null && !chunked.isNull() && !chunked.asText().isBlank() && !"[]".equals(chunked.asText())) {
            return false;
        }
        if (offset.path("last_snapshot_record").asBoolean(false) || offset.path("snapshot_completed").asBoolean(false)) {
            return true;
        }
        JsonNode snapshot = offset.get("snapshot");
        return snapshot == null || snapshot.isNull() || "false".equalsIgnoreCase(snapshot.asText());
    }

    private static JsonNode parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (Exception e) {
            return null;
        }
    }
}
