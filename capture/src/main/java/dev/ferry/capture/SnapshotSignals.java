package dev.ferry.capture;

import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.kafka.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Requests to a source's capture engine through its Kafka signal topic
 * ({@code <p>.internal.signals.<source>}, one partition). The engine reads them whether it runs in
 * this process or elsewhere; a request written while it is stopped is read when it starts.
 */
public final class SnapshotSignals {

    /** Signals are read once; a week leaves room for an engine that was down. */
    private static final Map<String, String> SIGNAL_TOPIC = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7L * 24 * 60 * 60 * 1000));

    private SnapshotSignals() {
    }

    /** Creates the signal topic of {@code source} if it is missing (one partition, as Debezium requires). */
    public static void ensureTopic(KafkaSettings kafka, String source) {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.ensure(admin, List.of(kafka.topics().signals(source)), 1, kafka.replicationFactor(), SIGNAL_TOPIC);
        }
    }

    /**
     * Asks the capture engine of {@code source} for an incremental snapshot of {@code tables}
     * ({@code schema.table}, as in the config): their current rows are read again in chunks while
     * changes keep streaming. Returns once Kafka acknowledged the request.
     *
     * @throws CaptureException when Kafka does not acknowledge it
     */
    public static void requestIncrementalSnapshot(KafkaSettings kafka, String source, List<String> tables) {
        requestIncrementalSnapshot(kafka, source, tables, "ferry-snapshot-" + java.util.UUID.randomUUID());
    }

    /**
     * As {@link #requestIncrementalSnapshot(KafkaSettings, String, List)}, under the signal id
     * {@code id}, which Debezium keeps with the snapshot's progress and puts on its notifications.
     */
    static void requestIncrementalSnapshot(KafkaSettings kafka, String source, List<String> tables, String id) {
        ensureTopic(kafka, source);
        String collections = tables.stream().map(t -> "\"" + t.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(","));
        String value = "{\"id\":\"" + id + "\",\"type\":\"execute-snapshot\",\"data\":{\"data-collections\":[" + collections
                + "],\"type\":\"INCREMENTAL\"}}";
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            // Debezium acts on a signal whose key is the engine's topic.prefix.
            producer.send(new ProducerRecord<>(kafka.topics().signals(source), kafka.topics().rawPrefix(source), value))
                    .get();
        } catch (ExecutionException e) {
            throw new CaptureException("cannot write the snapshot request for " + tables + " of source " + source
                    + " to " + kafka.topics().signals(source) + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException("interrupted writing the snapshot request of source " + source, e);
        }
    }
}
