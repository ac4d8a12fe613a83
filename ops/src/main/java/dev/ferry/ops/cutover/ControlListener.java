package dev.ferry.ops.cutover;

import dev.ferry.schemas.Failures;
import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.supervision.RestartBudget;
import dev.ferry.schemas.supervision.Workers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running pipeline's end of the {@link ControlChannel}: a thread that listens for a stop
 * request from the end of the control topic (as it was when {@link #start()} was called) and runs
 * {@code onStop} once when it comes. Supervised like a stage, so that {@code ferry cutover --finish}
 * never loses its way to stop the pipeline in silence: an unexpected failure is logged and the
 * listener restarts (after a pause, {@link RestartBudget}) from where it had read, so a request sent
 * meanwhile is still seen; once the restarts are used up it calls {@code onFailed} with the cause
 * ({@code ferry run} then stops and exits 1).
 */
public final class ControlListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlListener.class);

    private final KafkaSettings kafka;
    private final Runnable onStop;
    private final Consumer<String> onFailed;
    private final RestartBudget budget;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Runnable fault = () -> { };
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile String failure;
    private volatile long restarts;
    private Thread thread;
    /** The next offset to read (listener thread only after start). */
    private long position;

    /**
     * @param onStop run once, on the listener thread, when a stop request comes
     * @param onFailed run once, on the listener thread, with the cause, when the listener has FAILED for good
     * @param restartAttempts restarts in a row after unexpected failures before it is FAILED
     */
    public ControlListener(KafkaSettings kafka, Runnable onStop, Consumer<String> onFailed, int restartAttempts) {
        this.kafka = kafka;
        this.onStop = onStop;
        this.onFailed = onFailed;
        this.budget = new RestartBudget(restartAttempts, Clock.systemUTC());
    }

    /** For fault tests: run on the listener thread before each poll; what it throws is an unexpected failure. */
    public ControlListener withFault(Runnable fault) {
        this.fault = fault;
        return this;
    }

    /** Notes the end of the control topic (a request sent from now on stops us) and starts listening. */
    public synchronized ControlListener start() {
        ControlChannel.ensureTopic(kafka);
        try (KafkaConsumer<byte[], byte[]> c = newConsumer()) {
            TopicPartition partition = partition();
            position = c.endOffsets(List.of(partition)).get(partition);
        }
        thread = new Thread(this::supervise, "ferry-control");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** The last unexpected failure, null if none. */
    public String failure() {
        return failure;
    }

    /** Restarts after unexpected failures. */
    public long restarts() {
        return restarts;
    }

    private void supervise() {
        while (closing.getCount() > 0) {
            try {
                if (listenOnce()) {
                    return;
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                if (closing.getCount() == 0) {
                    return;
                }
                failure = e.getClass().getName() + ": " + Failures.describe(e);
                Optional<Duration> pause = budget.failed();
                if (pause.isEmpty()) {
                    LOG.error("cutover control listener on {} FAILED after {} restarts: {}; ferry cutover --finish "
                            + "can no longer stop this pipeline", ControlChannel.topic(kafka), budget.allowed(), failure, e);
                    onFailed.accept(failure);
                    return;
                }
                restarts++;
                LOG.error("cutover control listener on {} failed unexpectedly; restart {} of {} in {} ms: {}",
                        ControlChannel.topic(kafka), budget.failures(), budget.allowed(), pause.get().toMillis(), failure, e);
                try {
                    if (closing.await(pause.get().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One life: reads from {@link #position} until a stop request (true) or close (false). */
    private boolean listenOnce() {
        try (KafkaConsumer<byte[], byte[]> c = newConsumer()) {
            consumer = c;
            if (closing.getCount() == 0) {
                return false;
            }
            TopicPartition partition = partition();
            c.assign(List.of(partition));
            c.seek(partition, position);
            while (closing.getCount() > 0) {
                fault.run();
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofSeconds(1))) {
                    position = r.offset() + 1;
                    if (r.value() != null && ControlChannel.STOP.equals(new String(r.value(), StandardCharsets.UTF_8))) {
                        LOG.info("stop requested through {}", ControlChannel.topic(kafka));
                        onStop.run();
                        return true;
                    }
                }
            }
            return false;
        } finally {
            consumer = null;
        }
    }

    private TopicPartition partition() {
        return new TopicPartition(ControlChannel.topic(kafka), 0);
    }

    private KafkaConsumer<byte[], byte[]> newConsumer() {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Stops listening; waits up to 10 s for the thread. */
    @Override
    public synchronized void close() {
        closing.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Workers.join(thread, Duration.ofSeconds(10));
    }
}
