package dev.ferry.ops.http;

import dev.ferry.ops.metrics.FerryMetrics;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.status.KafkaInspector;
import dev.ferry.ops.status.KafkaSnapshot;
import dev.ferry.ops.status.KafkaWatcher;
import dev.ferry.ops.status.StatusCollector;
import java.time.Duration;

/**
 * Everything a running pipeline serves on its HTTP port, wired together: its metrics, a
 * {@link KafkaWatcher} for lag and topic sizes, the status collector and the {@link OpsServer}.
 */
public final class PipelineServer implements AutoCloseable {

    /** How often lag and topic sizes are re-read from Kafka. */
    public static final Duration KAFKA_REFRESH = Duration.ofSeconds(3);

    private final OpsServer server;
    private final KafkaWatcher watcher;
    private final StatusCollector collector;
    private volatile DashboardFeed feed;

    /**
     * Starts serving a pipeline, started or not yet (stages are looked up at each request), so a
     * port that cannot be bound is known before any stage starts.
     *
     * @param port TCP port, 0 for a free one
     * @throws java.io.UncheckedIOException when the port cannot be bound; nothing is left running
     */
    public PipelineServer(Pipeline pipeline, FerryMetrics metrics, int port) {
        this.collector = new StatusCollector(pipeline.configs(), pipeline, metrics);
        // The server first: a port taken is the likeliest failure, and nothing else is started yet.
        // The feed starts after the port is bound (nothing to stop if it cannot be); until then
        // its two paths answer 500.
        this.server = new OpsServer(port, this::status, metrics::scrape, java.util.Map.of(
                "/overview", () -> feed.overview(), "/history", () -> feed.history()));
        this.watcher = new KafkaWatcher(new KafkaInspector(pipeline.configs()), KAFKA_REFRESH);
        this.feed = new DashboardFeed(pipeline, this::status, this::latest, java.time.Clock.systemUTC());
        metrics.bindKafka(this::availability);
        metrics.bindCaptures(pipeline::captures);
        metrics.bindSinks(pipeline::sinks);
        metrics.bindRegistry(pipeline.registry());
        metrics.bind(this::latest);
        metrics.bindSourceLag(pipeline.capturedSources(), () -> feed.sourceLagBytes());
    }

    private KafkaSnapshot latest() {
        KafkaWatcher w = watcher;
        return w == null ? null : w.latest();
    }

    private KafkaWatcher.KafkaAvailability availability() {
        KafkaWatcher w = watcher;
        return w == null ? KafkaWatcher.KafkaAvailability.REACHABLE : w.availability();
    }

    /** The pipeline's status now, as {@code /status} serves it. */
    public dev.ferry.ops.status.Status status() {
        return collector.collect(latest(), availability());
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        feed.close();
        watcher.close();
    }
}
