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

    /** Ids of every dead letter re-driven so far. */
    Set<String> load() {
        Set<String> ids = new HashSet<>();
        TopicReader.readAll(kafka, List.of(topic), r -> {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                ids.remove(id);
            } else {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Records that these dead letters went back to {@code to}; returns once Kafka acknowledged. */
    void mark(List<DeadLetter> letters, KafkaProducer<byte[], byte[]> producer) throws ExecutionException,
            InterruptedException {
        List<Future<RecordMetadata>> acks = new java.util.ArrayList<>();
        String at = Instant.now().toString();
        for (DeadLetter d : letters) {
            String value = "{\"at\":\"" + at + "\",\"to\":\"" + d.originTopic() + "\",\"attempts\":" + d.attempts() + "}";
            acks.add(producer.send(new ProducerRecord<>(topic, d.id().getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8))));
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
