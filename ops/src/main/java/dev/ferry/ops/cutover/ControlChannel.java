package dev.ferry.ops.cutover;

import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A one-partition topic ({@code <p>.internal.control}) through which {@code ferry cutover --finish}
 * asks a running pipeline, wherever it runs, to stop cleanly. The pipeline listens from the end
 * of the topic, so an old request never stops a new pipeline ({@link ControlListener}).
 */
public final class ControlChannel {

    /** The only command so far. */
    public static final String STOP = "stop";


    private ControlChannel() {
    }

    public static String topic(KafkaSettings kafka) {
        return kafka.topics().prefix() + ".internal.control";
    }

    /** Sends a stop request and waits for Kafka to acknowledge it. */
    public static void requestStop(KafkaSettings kafka) {
        ensureTopic(kafka);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientConfig(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic(kafka), STOP.getBytes(StandardCharsets.UTF_8))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send the stop request: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending the stop request", e);
        }
    }

    static void ensureTopic(KafkaSettings kafka) {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.ensure(admin, List.of(topic(kafka)), 1, kafka.replicationFactor(), Topics.DEAD_LETTERS);
        }
    }
}
