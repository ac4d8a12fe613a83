package dev.ferry.sink.error;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.retry.Pauser;
import dev.ferry.schemas.retry.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
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
 *
 * <p>A dead letter Kafka does not take (broker down, topic not writable) is retried with the
 * policy, for as long as it takes, and shown through the {@link Outage}; the call returns only once
 * Kafka acknowledged it, so the caller never commits past an unacknowledged dead letter. When the
 * stage stops meanwhile, {@link StoppingException} is thrown. A dead letter too large for Kafka
 * (the original record plus Ferry's headers) is sent without its value, with
 * {@value #VALUE_OMITTED} saying how many bytes it had (the value stays in the origin topic).
 */
public final class DeadLetterReporter implements ErrorReporter {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReporter.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String target;
    private final Clock clock;
    private final RetryPolicy retry;
    private final Pauser pauser;
    private final Outage outage;

    /** Header of a dead letter sent without its value because it was too large for Kafka: the value's size. */
    public static final String VALUE_OMITTED = "ferry.value.omitted.bytes";

    /** Told when dead letters stop or start flowing again. */
    public interface Outage {
        Outage NONE = new Outage() {
            @Override
            public void blocked(String error) {
            }

            @Override
            public void flowing() {
            }
        };

        void blocked(String error);

        void flowing();
    }

    /** Fails at once when Kafka does not take a dead letter (for tools that have no one to wait for). */
    public DeadLetterReporter(Producer<byte[], byte[]> producer, String topic, String target, Clock clock) {
        this(producer, topic, target, clock, RetryPolicy.DEFAULT, d -> false, Outage.NONE);
    }

    /**
     * @param pauser waits between attempts; returning false (stopping) ends the wait with {@link StoppingException}
     */
    public DeadLetterReporter(Producer<byte[], byte[]> producer, String topic, String target, Clock clock,
                              RetryPolicy retry, Pauser pauser, Outage outage) {
        this.producer = producer;
        this.topic = topic;
        this.target = target;
        this.clock = clock;
        this.retry = retry;
        this.pauser = pauser;
        this.outage = outage;
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
        send(dead);
        LOG.warn("dead-lettered {}-{}@{} to {}: {} ({})", record.topic(), record.partition(), record.offset(), topic,
                new String(DeadLetterHeaders.bounded(message), StandardCharsets.UTF_8), cause.header());
    }

    /** Sends until Kafka acknowledges; see the class comment. */
    private void send(ProducerRecord<byte[], byte[]> dead) {
        String lastProblem = null;
        for (int attempt = 1; ; attempt++) {
            Throwable failure;
            try {
                producer.send(dead).get();
                if (lastProblem != null) {
                    LOG.info("dead-letter topic {} of target {} takes records again", topic, target);
                    outage.flowing();
                }
                return;
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (KafkaException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoppingException("interrupted writing a dead letter to " + topic);
            }
            if (failure instanceof RecordTooLargeException && dead.value() != null) {
                ProducerRecord<byte[], byte[]> smaller = new ProducerRecord<>(dead.topic(), null, dead.timestamp(),
                        dead.key(), null, dead.headers());
                smaller.headers().add(VALUE_OMITTED, Integer.toString(dead.value().length).getBytes(StandardCharsets.UTF_8));
                LOG.warn("dead letter for {} too large for Kafka ({}); sending it without its value", topic,
                        failure.getMessage());
                dead = smaller;
                continue;
            }
            String problem = "cannot write dead letter to " + topic + ": " + failure;
            Duration pause = retry.delay(attempt);
            if (!Objects.equals(problem, lastProblem)) {
                LOG.warn("target {}: {}; retrying, next in {} ms (nothing after it is committed meanwhile)", target,
                        problem, pause.toMillis());
                lastProblem = problem;
            }
            outage.blocked(problem);
            try {
                if (!pauser.pause(pause)) {
                    throw new StoppingException("stopping before Kafka took a dead letter to " + topic);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoppingException("interrupted writing a dead letter to " + topic);
            }
        }
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
