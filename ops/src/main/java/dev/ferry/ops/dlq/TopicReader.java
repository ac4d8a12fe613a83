package dev.ferry.ops.dlq;

import dev.ferry.schemas.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads whole topics from their start to the end they had when reading began (committed records
 * only), without a consumer group: operator commands never move a stage's offsets by reading.
 */
final class TopicReader {

    private TopicReader() {
    }

    /**
     * Passes every record of {@code topics} that exist to {@code each}, partition by partition in offset order.
     *
     * @throws IllegalStateException when the end cannot be reached within 2 minutes; the message names the topic
     */
    static void readAll(KafkaSettings kafka, List<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        read(kafka, topics, Map.of(), each);
    }

    /**
     * Like {@link #readAll}, over the partitions of {@code from} only, each from its offset on.
     */
    static void readFrom(KafkaSettings kafka, Map<TopicPartition, Long> from, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        read(kafka, from.keySet().stream().map(TopicPartition::topic).distinct().toList(), from, each);
    }

    /** @param from where to start per partition; empty: every partition of {@code topics} from its beginning */
    private static void read(KafkaSettings kafka, List<String> topics, Map<TopicPartition, Long> from,
                             Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-dlq-reader");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            var existing = consumer.listTopics(Duration.ofSeconds(30)).keySet();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                if (existing.contains(topic)) {
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .filter(p -> from.isEmpty() || from.containsKey(p))
                            .forEach(partitions::add);
                }
            }
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            from.forEach((p, offset) -> {
                if (partitions.contains(p)) {
                    consumer.seek(p, offset);
                }
            });
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topics + " to its end within 2 minutes");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        each.accept(r);
                    }
                }
            }
        }
    }
}
