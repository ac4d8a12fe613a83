package dev.ferry.ops.metrics;

import dev.ferry.capture.CaptureStage;
import dev.ferry.capture.TableProgress;
import dev.ferry.ops.status.KafkaSnapshot;
import dev.ferry.schemas.registry.PatientSchemaRegistry;
import dev.ferry.sink.SinkMetrics;
import dev.ferry.transform.TransformMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The metrics of one Ferry process, in a Prometheus registry (served on {@code /metrics}): JVM
 * basics, the sink's counters and latency histogram (through {@link #sink()}), capture progress
 * per table, and the Kafka-side figures (consumer lag, topic sizes) of the latest
 * {@link KafkaSnapshot}. Every Ferry meter is named {@code ferry_*}.
 */
public final class FerryMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerSinkMetrics sink = new MicrometerSinkMetrics(registry);
    private final MicrometerTransformMetrics transform = new MicrometerTransformMetrics(registry);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private volatile Runnable refresh = () -> { };
    /** Micrometer holds the state of function meters weakly; these keep ours alive. */
    private final List<Object> meterStates = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FerryMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** What sinks of this process report to. */
    public SinkMetrics sink() {
        return sink;
    }

    /**
     * What the transform of this process reports to (mapped, invalid, filtered, warned per table).
     * The transform stage takes it once it accepts a {@link TransformMetrics} (issue 3); until then
     * mapped records show as {@code ferry_topic_records} of the mapped topics.
     */
    public TransformMetrics transform() {
        return transform;
    }

    /** Milliseconds from source commit to target commit of the last change applied to a table, -1 if none. */
    public long lastLatencyMillis(String target, String table) {
        return sink.lastLatencyMillis(target, table);
    }

    /** Publishes {@code ferry_kafka_available}: 1 while Kafka answers the status reads, 0 while it does not. */
    public void bindKafka(java.util.function.Supplier<dev.ferry.ops.status.KafkaWatcher.KafkaAvailability> availability) {
        // The supplier form holds the supplier strongly (the object form keeps only a weak reference).
        Gauge.builder("ferry.kafka.available", () -> availability.get().reachable() ? 1 : 0)
                .description("1 while the Kafka cluster answers, 0 while it cannot be read (broker down, network)")
                .register(registry);
    }

    /** Publishes {@code ferry_registry_available}: 1 while the schema registry answers, 0 while stages wait for it. */
    public void bindRegistry(PatientSchemaRegistry schemaRegistry) {
        Gauge.builder("ferry.registry.available", schemaRegistry, r -> r.unavailableSince().isPresent() ? 0 : 1)
                .description("1 while the schema registry answers, 0 while the stages wait for it")
                .register(registry);
    }

    /**
     * Publishes the progress of the capture stages {@code captures} lists, including stages that
     * appear later (the list is re-read at each scrape, so this may be called before they start).
     */
    public void bindCaptures(Supplier<List<CaptureStage>> captures) {
        this.captures = captures;
    }

    private volatile Supplier<List<CaptureStage>> captures = List::of;
    private final java.util.Set<CaptureStage> bound = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private synchronized void bindNewCaptures() {
        for (CaptureStage capture : captures.get()) {
            if (bound.add(capture)) {
                bind(capture);
            }
        }
    }

    /** Publishes the progress of a capture stage: rows captured (snapshot and changes) and snapshot progress. */
    private void bind(CaptureStage capture) {
        for (TableProgress t : capture.progress().tables()) {
            String table = t.table();
            Tags tags = Tags.of("source", capture.source(), "table", table);
            Supplier<TableProgress> now = () -> capture.progress().tables().stream()
                    .filter(p -> p.table().equals(table)).findFirst().orElse(t);
            meterStates.add(now);
            FunctionCounter.builder("ferry.captured.records", now, p -> p.get().snapshotRows())
                    .description("records captured from the source").tags(tags).tag("kind", "snapshot")
                    .register(registry);
            FunctionCounter.builder("ferry.captured.records", now, p -> p.get().changes())
                    .description("records captured from the source").tags(tags).tag("kind", "change")
                    .register(registry);
            Gauge.builder("ferry.snapshot.progress.ratio", now, p -> {
                        double pct = p.get().snapshotPercent();
                        return pct < 0 ? Double.NaN : pct / 100.0;
                    }).description("snapshot completion, 0..1 (NaN when the table size is unknown)").tags(tags)
                    .register(registry);
            Gauge.builder("ferry.snapshot.estimated.rows", now, p -> p.get().estimatedRows())
                    .description("rows the table had when its snapshot began (estimate)").tags(tags).register(registry);
        }
    }

    /**
     * Publishes the Kafka-side figures, re-read from {@code latest} at each scrape: consumer lag
     * in records per group and topic, records per topic (raw, mapped, dead letters).
     */
    public void bind(Supplier<KafkaSnapshot> latest) {
        MultiGauge lag = MultiGauge.builder("ferry.consumer.lag.records")
                .description("records a consumer group has still to read").register(registry);
        MultiGauge sizes = MultiGauge.builder("ferry.topic.records")
                .description("records in a topic (end offsets minus start offsets)").register(registry);
        this.refresh = () -> {
            KafkaSnapshot k = latest.get();
            if (k == null) {
                return;
            }
            lag.register(k.lag().entrySet().stream().map(e -> MultiGauge.Row.of(
                    Tags.of("group", e.getKey().group(), "topic", e.getKey().topic()), e.getValue())).toList(), true);
            sizes.register(k.topicRecords().entrySet().stream().map(e -> MultiGauge.Row.of(
                    Tags.of("topic", e.getKey()), e.getValue())).toList(), true);
        };
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        bindNewCaptures();
        refresh.run();
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing metrics binders never matters to the pipeline.
            }
        }
        registry.close();
    }
}
