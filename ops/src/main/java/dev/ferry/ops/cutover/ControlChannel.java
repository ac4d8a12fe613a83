package dev.ferry.ops.cutover;

import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A one-partition topic ({@code <p>.internal.control}) through which {@code ferry cutover --finish}
 * asks a running pipeline, wherever it runs, to stop cleanly. The pipeline listens from the end
 * of the topic, so an old request never stops a new pipeline.
 */
public final class ControlChannel {

    /** The only command so far. */
    public static final String STOP = "stop";

    private static final Logger LOG = LoggerFactory.getLogger(ControlChannel.class);

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

    /**
     * Listens for a stop request in the background and runs {@code onStop} once when it comes.
     *
     * @return closing it stops listening
     */
    public static AutoCloseable listen(KafkaSettings kafka, Runnable onStop) {
        ensureTopic(kafka);
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(topic(kafka), 0);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        Thread thread = new Thread(() -> {
            try {
                while (true) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                        if (r.value() != null && STOP.equals(new String(r.value(), StandardCharsets.UTF_8))) {
                            LOG.info("stop requested through {}", topic(kafka));
                            onStop.run();
                            return;
                        }
                    }
                }
            } catch (WakeupException e) {
                // Closed.
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }, "ferry-control");
        thread.setDaemon(true);
        thread.start();
        return consumer::wakeup;
    }

    private static void ensureTopic(KafkaSettings kafka) {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.ensure(admin, List.of(topic(kafka)), 1, kafka.replicationFactor(), Topics.DEAD_LETTERS);
        }
    }
}
