package dev.ferry.ops.status;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link KafkaSnapshot} in the background every few seconds, so {@code /status} and
 * {@code /metrics} answer at once from the latest one. A failed read is logged (once until the
 * next success) and the previous snapshot kept.
 */
public final class KafkaWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWatcher.class);

    private final KafkaInspector inspector;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ferry-kafka-watcher");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaSnapshot latest;
    private volatile boolean failing;

    public KafkaWatcher(KafkaInspector inspector, Duration every) {
        this.inspector = inspector;
        timer.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest snapshot, null until the first read succeeded. */
    public KafkaSnapshot latest() {
        return latest;
    }

    private void refresh() {
        try {
            latest = inspector.read();
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("status: {}", e.getMessage());
            }
            failing = true;
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
        inspector.close();
    }
}
