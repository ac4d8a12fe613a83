package dev.ferry.sink.error;

import dev.ferry.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records the sink cannot apply to the target's dead-letter topic: original key, value and
 * timestamp, plus the {@code ferry.*} headers of {@link DeadLetterHeaders}. A re-driven record that
 * fails again keeps counting: {@code ferry.attempts} is its incoming value plus this failure's attempts.
 */
public final class DeadLetterReporter implements ErrorReporter {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReporter.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String target;
    private final Clock clock;

    public DeadLetterReporter(Producer<byte[], byte[]> producer, String topic, String target, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.target = target;
        this.clock = clock;
    }

    @Override
    public void report(ConsumerRecord<byte[], byte[]> record, Throwable error, String message, ErrorCause cause,
                       int attempts) {
        ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(topic, null, record.timestamp(), record.key(),
                record.value(), record.headers());
        Headers h = dead.headers();
        put(h, DeadLetterHeaders.STAGE, "sink");
        put(h, DeadLetterHeaders.ERROR_CLASS, error.getClass().getName());
        h.remove(DeadLetterHeaders.ERROR_MESSAGE);
        h.add(DeadLetterHeaders.ERROR_MESSAGE, DeadLetterHeaders.bounded(message));
        put(h, DeadLetterHeaders.ERROR_CAUSE, cause.header());
        put(h, DeadLetterHeaders.ERROR_SEVERITY, "error");
        put(h, DeadLetterHeaders.ORIGIN_TOPIC, record.topic());
        put(h, DeadLetterHeaders.ORIGIN_PARTITION, Integer.toString(record.partition()));
        put(h, DeadLetterHeaders.ORIGIN_OFFSET, Long.toString(record.offset()));
        put(h, DeadLetterHeaders.TARGET, target);
        put(h, DeadLetterHeaders.FAILED_AT, clock.instant().toString());
        put(h, DeadLetterHeaders.ATTEMPTS, Integer.toString(previousAttempts(record) + attempts));
        try {
            producer.send(dead).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write dead letter to " + topic + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing dead letter to " + topic, e);
        }
        LOG.warn("dead-lettered {}-{}@{} to {}: {} ({})", record.topic(), record.partition(), record.offset(), topic,
                new String(DeadLetterHeaders.bounded(message), StandardCharsets.UTF_8), cause.header());
    }

    /**
     * Failures a re-driven record already had: its incoming {@code ferry.attempts} header (the
     * re-drive keeps it), 0 for a record failing for the first time or with a malformed header.
     */
    static int previousAttempts(ConsumerRecord<byte[], byte[]> record) {
        var header = record.headers().lastHeader(DeadLetterHeaders.ATTEMPTS);
        if (header == null || header.value() == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(new String(header.value(), StandardCharsets.UTF_8).trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void put(Headers h, String name, String value) {
        h.remove(name);
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
