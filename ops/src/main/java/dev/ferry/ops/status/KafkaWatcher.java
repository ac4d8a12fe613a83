package dev.ferry.ops.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link KafkaSnapshot} in the background every few seconds, so {@code /status} and
 * {@code /metrics} answer at once from the latest one. A failed read marks Kafka unreachable (logged
 * once per change of state) and keeps the previous snapshot, whose lag and sizes are then only as
 * fresh as {@link KafkaSnapshot#at()}: status shows the outage rather than frozen numbers as news.
 */
public final class KafkaWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWatcher.class);

    private final Supplier<KafkaSnapshot> reader;
    private final AutoCloseable closeReader;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-kafka-watcher");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaSnapshot latest;
    private volatile KafkaAvailability availability = KafkaAvailability.REACHABLE;

    public KafkaWatcher(KafkaInspector inspector, Duration every) {
        this(inspector::read, inspector, Clock.systemUTC(), every);
    }

    /**
     * @param reader reads one snapshot; throws a RuntimeException when Kafka cannot be read
     * @param closeReader closed with the watcher
     */
    KafkaWatcher(Supplier<KafkaSnapshot> reader, AutoCloseable closeReader, Clock clock, Duration every) {
        this.reader = reader;
        this.closeReader = closeReader;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest snapshot, null until the first read succeeded. */
    public KafkaSnapshot latest() {
        return latest;
    }

    /** Whether the last read of Kafka succeeded, and since when it fails. */
    public KafkaAvailability availability() {
        return availability;
    }

    void refresh() {
        try {
            latest = reader.get();
            if (!availability.reachable()) {
                LOG.info("status: Kafka reachable again (unreachable since {})", availability.unreachableSince());
            }
            availability = KafkaAvailability.REACHABLE;
        } catch (RuntimeException e) {
            if (availability.reachable()) {
                LOG.warn("status: Kafka unreachable: {}", e.getMessage());
                availability = new KafkaAvailability(false, clock.instant(), e.getMessage());
            } else {
                availability = new KafkaAvailability(false, availability.unreachableSince(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            closeReader.close();
        } catch (Exception e) {
            LOG.warn("status: closing the Kafka reader failed: {}", e.toString());
        }
    }

    /**
     * @param reachable whether the last read of Kafka succeeded
     * @param unreachableSince when reads started failing, null while reachable
     * @param lastError why the last read failed, null while reachable
     */
    public record KafkaAvailability(boolean reachable, Instant unreachableSince, String lastError) {
        /** Also the state before the first read, so a starting pipeline does not alarm. */
        public static final KafkaAvailability REACHABLE = new KafkaAvailability(true, null, null);
    }
}
