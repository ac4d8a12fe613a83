package dev.ferry.ops.http;

import dev.ferry.ops.metrics.FerryMetrics;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.status.KafkaInspector;
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

    private final KafkaWatcher watcher;
    private final OpsServer server;

    /**
     * Starts serving a pipeline that has been started (its stages exist).
     *
     * @param port TCP port, 0 for a free one
     */
    public PipelineServer(Pipeline pipeline, FerryMetrics metrics, int port) {
        this.watcher = new KafkaWatcher(new KafkaInspector(pipeline.configs()), KAFKA_REFRESH);
        pipeline.captures().forEach(metrics::bind);
        metrics.bind(watcher::latest);
        StatusCollector collector = new StatusCollector(pipeline.configs(), pipeline, metrics);
        this.server = new OpsServer(port, () -> collector.collect(watcher.latest()), metrics::scrape);
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        watcher.close();
    }
}
