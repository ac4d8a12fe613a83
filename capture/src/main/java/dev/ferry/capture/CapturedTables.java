package dev.ferry.capture;

import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The set of tables a source's capture was configured with when it last started, kept in the
 * compacted topic {@code <p>.internal.tables.<source>} (one partition, key = source, value = the
 * tables joined by newlines). Comparing it with the current config tells which tables were added
 * since: Debezium's initial snapshot is over by then and would only stream them. Beside it, under
 * key {@code <source>#chunked}, the tables the first snapshot reads in chunks ({@link SnapshotPlan}),
 * decided once at the first start so that every later start leaves the same tables to it.
 */
final class CapturedTables {

    private final KafkaSettings kafka;
    private final String source;
    private final String topic;

    CapturedTables(KafkaSettings kafka, String source) {
        this.kafka = kafka;
        this.source = source;
        this.topic = kafka.topics().capturedTables(source);
    }

    /**
     * The tables recorded at the last start; empty on a first run (nothing recorded yet), when
     * the first snapshot is still to be asked for.
     */
    Set<String> recorded() {
        return read(source);
    }

    /** The tables recorded as read by the chunked first snapshot; empty when none are. */
    Set<String> chunked() {
        return read(chunkedKey());
    }

    /** Records the tables the chunked first snapshot reads; returns once Kafka acknowledged it. */
    void recordChunked(List<String> tables) {
        write(chunkedKey(), tables);
    }

    private String chunkedKey() {
        return source + "#chunked";
    }

    /** The configured tables missing from a non-empty {@code recorded} set, in config order. */
    static List<String> added(Set<String> recorded, List<String> configured) {
        return configured.stream().filter(t -> !recorded.contains(t)).toList();
    }

    /** Records {@code tables} as the captured set; returns once Kafka acknowledged it. */
    void record(List<String> tables) {
        write(source, tables);
    }

    private void write(String key, List<String> tables) {
        ensureTopic();
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        byte[] value = String.join("\n", new TreeSet<>(tables)).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        } catch (ExecutionException e) {
            throw new CaptureException("cannot record the captured tables of source " + source + " in " + topic
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException("interrupted recording the captured tables of source " + source, e);
        }
    }

    private Set<String> read(String key) {
        ensureTopic();
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> last = new TreeSet<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        String text = new String(r.value(), StandardCharsets.UTF_8);
                        last = text.isEmpty() ? new TreeSet<>() : new TreeSet<>(Arrays.asList(text.split("\n")));
                    }
                }
            }
        }
        return last;
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.ensure(admin, new ArrayList<>(List.of(topic)), 1, kafka.replicationFactor(), Topics.COMPACTED);
        }
    }
}
