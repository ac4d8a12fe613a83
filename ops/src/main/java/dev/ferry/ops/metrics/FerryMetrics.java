package dev.ferry.ops.metrics;

import dev.ferry.capture.CaptureStage;
import dev.ferry.capture.Phase;
import dev.ferry.capture.TableProgress;
import dev.ferry.sink.SinkStage;
import dev.ferry.ops.status.KafkaSnapshot;
import dev.ferry.schemas.registry.PatientSchemaRegistry;
import dev.ferry.sink.SinkMetrics;
import dev.ferry.transform.TableMapping;
import dev.ferry.transform.TransformMetrics;
import dev.ferry.transform.mapping.ColumnRule;
import dev.ferry.transform.validation.Severity;
import dev.ferry.transform.validation.ValidationRule;
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
    private final StageGauges stages = new StageGauges(registry);
    private final MicrometerSinkMetrics sink;
    private final MicrometerTransformMetrics transform = new MicrometerTransformMetrics(registry, stages);
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private volatile Runnable refresh = () -> { };
    /** Micrometer holds the state of function meters weakly; these keep ours alive. */
    private final List<Object> meterStates = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FerryMetrics() {
        this(java.time.Clock.systemUTC());
    }

    /** @param clock the clock the sinks measure latency with (a fake one in tests) */
    public FerryMetrics(java.time.Clock clock) {
        this.sink = new MicrometerSinkMetrics(registry, stages, clock);
        // Prometheus naming (promtool check metrics): no gauge ending in _count, no abbreviated unit.
        registry.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
            @Override
            public io.micrometer.core.instrument.Meter.Id map(io.micrometer.core.instrument.Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.processors") : id;
            }
        }).meterFilter(io.micrometer.core.instrument.config.MeterFilter.deny(
                // process_cpu_time_ns_total; process_cpu_usage says the same
                id -> id.getName().equals("process.cpu.time")));
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

    /** What the transform of this process reports to (mapped, invalid, filtered, warned per table). */
    public TransformMetrics transform() {
        return transform;
    }

    /**
     * Registers at 0 every series the transform will count into for these tables, so that they are
     * on {@code /metrics} from the start (a rate or an alert over a series that appears at its first
     * event misses that event): per target table mapped, filtered, invalid (per error rule, per cast
     * and {@code decode}) and warned (per warn rule) records, and its transform dead letters by cause.
     */
    public void expectTransform(List<TableMapping> mappings) {
        for (TableMapping m : mappings) {
            List<String> errors = new ArrayList<>();
            errors.add(MicrometerTransformMetrics.DECODE);
            m.columns().forEach((column, rules) -> {
                if (rules.stream().anyMatch(r -> r instanceof ColumnRule.Cast)) {
                    errors.add("columns." + column + ".cast");
                }
            });
            List<String> warns = new ArrayList<>();
            for (ValidationRule rule : m.validations()) {
                (rule.severity() == Severity.WARN ? warns : errors).add(rule.id());
            }
            transform.expect(m.target(), m.targetTable(), errors, warns);
        }
    }

    /**
     * Registers at 0, per target of these tables, its retries, and per table its applied rows and its
     * sink dead letters by each of {@code causes}.
     */
    public void expectSinks(List<TableMapping> mappings, List<String> causes) {
        java.util.Map<String, List<String>> tablesByTarget = new java.util.LinkedHashMap<>();
        mappings.forEach(m -> tablesByTarget.computeIfAbsent(m.target(), t -> new ArrayList<>()).add(m.targetTable()));
        tablesByTarget.forEach((target, tables) -> sink.expect(target, tables, causes));
    }

    /** The last change applied to a table by a sink of this process, null if none yet. */
    public dev.ferry.ops.status.LastChange lastChange(String target, String table) {
        return sink.lastChange(target, table);
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
     * Publishes {@code ferry_source_lag_bytes} per source: the WAL (PostgreSQL: what the replication
     * slot holds back) or binlog bytes (MariaDB/MySQL) capture has not yet confirmed, from
     * {@code lag} (re-read at each scrape; NaN while the figure is not known).
     *
     * @param sources the captured sources, each registered at once
     */
    public void bindSourceLag(List<String> sources, Supplier<java.util.Map<String, Long>> lag) {
        for (String source : sources) {
            Supplier<Double> bytes = () -> {
                Long behind = lag.get().get(source);
                return behind == null || behind < 0 ? Double.NaN : behind.doubleValue();
            };
            meterStates.add(bytes);
            Gauge.builder("ferry.source.lag.bytes", bytes, Supplier::get)
                    .description("source log bytes capture has not confirmed yet (PostgreSQL: WAL the replication slot holds back; MariaDB/MySQL: binlog bytes behind the server)")
                    .tag("source", source).register(registry);
        }
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

    /**
     * Publishes {@code ferry_target_reachable} (1 while the target answers, 0 while its sink retries
     * it) of the sinks {@code sinks} lists, re-read at each scrape.
     */
    public void bindSinks(Supplier<List<SinkStage>> sinks) {
        this.sinks = sinks;
    }

    private volatile Supplier<List<SinkStage>> sinks = List::of;
    private final java.util.Set<String> boundTargets = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void bindNewSinks() {
        for (SinkStage sink : sinks.get()) {
            String target = sink.target();
            if (boundTargets.add(target)) {
                Supplier<List<SinkStage>> all = sinks;
                Supplier<Double> reachable = () -> all.get().stream().filter(s -> s.target().equals(target)).findFirst()
                        .map(s -> s.progress().unreachableSince() == null ? 1.0 : 0.0).orElse(Double.NaN);
                meterStates.add(reachable);
                Gauge.builder("ferry.target.reachable", reachable, Supplier::get)
                        .description("1 while the target database answers, 0 while the sink retries it (an outage)")
                        .tag("target", target).register(registry);
            }
        }
    }

    /** 1 while a source is read: snapshotting, or streaming with its replication connection up. */
    private static double connected(CaptureStage capture) {
        List<TableProgress> tables = capture.progress().tables();
        if (tables.stream().anyMatch(t -> t.phase() == Phase.FAILING)) {
            return 0;
        }
        if (tables.stream().anyMatch(t -> t.phase() == Phase.SNAPSHOTTING)) {
            return 1;
        }
        return tables.stream().anyMatch(t -> t.phase() == Phase.STREAMING) && capture.progress().connected() ? 1 : 0;
    }

    /** Publishes the progress of a capture stage: rows captured (snapshot and changes) and snapshot progress. */
    private void bind(CaptureStage capture) {
        Gauge.builder("ferry.source.connected", capture, FerryMetrics::connected)
                .description("1 while capture reads the source (snapshot, or streaming connection up), 0 while it fails or is cut off")
                .tag("source", capture.source()).register(registry);
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
            for (Phase phase : Phase.values()) {
                Gauge.builder("ferry.table.phase", now, p -> p.get().phase() == phase ? 1 : 0)
                        .description("1 for the phase a captured table is in (starting, snapshotting, streaming, failing), 0 for the others")
                        .tags(tags).tag("phase", phase.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
            }
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
        bindNewSinks();
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
