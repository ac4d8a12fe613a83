package dev.ferry.ops.pipeline;

import dev.ferry.capture.CaptureStage;
import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.registry.PatientSchemaRegistry;
import dev.ferry.schemas.registry.RestSchemaRegistry;
import dev.ferry.sink.SinkMetrics;
import dev.ferry.sink.SinkStage;
import dev.ferry.transform.CountingTransformMetrics;
import dev.ferry.transform.TransformMetrics;
import dev.ferry.transform.TransformStage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stages of one pipeline in one process: capture per source, transform, sink per target.
 * Started downstream first (sinks, then transform, then capture) so nothing waits on a stage that
 * is not there; stopped upstream first so each stage can drain what it holds.
 */
public final class Pipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final StageConfigs configs;
    private final Set<Stage> stages;
    private final Set<String> sources;
    private final PatientSchemaRegistry registry;
    private final AvroCodec codec;
    private final SinkMetrics sinkMetrics;
    private final TransformMetrics transformMetrics;
    private final List<CaptureStage> captures = new ArrayList<>();
    private final List<SinkStage> sinks = new ArrayList<>();
    private TransformStage transform;
    private boolean closed;

    /** @param stages which stages to run in this process; empty means all */
    public Pipeline(StageConfigs configs, Set<Stage> stages) {
        this(configs, stages, Set.of(), SinkMetrics.NONE);
    }

    /**
     * @param stages which stages to run in this process; empty means all
     * @param sinkMetrics where the sinks report applied rows, latency, retries and dead letters
     */
    public Pipeline(StageConfigs configs, Set<Stage> stages, SinkMetrics sinkMetrics) {
        this(configs, stages, Set.of(), sinkMetrics);
    }

    /**
     * @param stages which stages to run in this process; empty means all
     * @param sources the sources whose capture runs in this process; empty means every source
     * @throws IllegalArgumentException when {@code sources} names a source the config does not have
     */
    public Pipeline(StageConfigs configs, Set<Stage> stages, Set<String> sources) {
        this(configs, stages, sources, SinkMetrics.NONE);
    }

    /**
     * @param stages which stages to run in this process; empty means all
     * @param sources the sources whose capture runs in this process; empty means every source
     * @param sinkMetrics where the sinks report applied rows, latency, retries and dead letters
     * @throws IllegalArgumentException when {@code sources} names a source the config does not have
     */
    public Pipeline(StageConfigs configs, Set<Stage> stages, Set<String> sources, SinkMetrics sinkMetrics) {
        this(configs, stages, sources, sinkMetrics, new CountingTransformMetrics());
    }

    /**
     * @param stages which stages to run in this process; empty means all
     * @param sources the sources whose capture runs in this process; empty means every source
     * @param sinkMetrics where the sinks report applied rows, latency, retries and dead letters
     * @param transformMetrics where the transform reports mapped, invalid, filtered and warned records
     * @throws IllegalArgumentException when {@code sources} names a source the config does not have
     */
    public Pipeline(StageConfigs configs, Set<Stage> stages, Set<String> sources, SinkMetrics sinkMetrics,
                    TransformMetrics transformMetrics) {
        this.configs = configs;
        this.sinkMetrics = sinkMetrics;
        this.transformMetrics = transformMetrics;
        this.stages = stages.isEmpty() ? EnumSet.allOf(Stage.class) : EnumSet.copyOf(stages);
        Set<String> known = new java.util.TreeSet<>();
        configs.captures().forEach(c -> known.add(c.source()));
        for (String source : sources) {
            if (!known.contains(source)) {
                throw new IllegalArgumentException("unknown source '" + source + "', expected one of: "
                        + String.join(", ", known));
            }
        }
        this.sources = Set.copyOf(sources);
        this.registry = new PatientSchemaRegistry(new RestSchemaRegistry(configs.kafka().schemaRegistry()));
        this.codec = new AvroCodec(registry);
    }

    /** The sources whose capture this pipeline runs (none when it runs no capture stage), known before {@link #start()}. */
    public List<String> capturedSources() {
        if (!stages.contains(Stage.CAPTURE)) {
            return List.of();
        }
        return configs.captures().stream().map(c -> c.source()).filter(this::capturesSource).toList();
    }

    /** True if this pipeline's capture stage reads {@code source} (every source when none was named). */
    private boolean capturesSource(String source) {
        return sources.isEmpty() || sources.contains(source);
    }

    /** Starts the chosen stages; returns once they run in the background. */
    public synchronized void start() {
        if (stages.contains(Stage.SINK)) {
            // Before any sink creates a table with a column of one of them.
            new TargetTypes(configs).createMissing();
            configs.sinks().forEach(c -> {
                SinkStage s = new SinkStage(c, codec, sinkMetrics).onFailed(() -> failed("sink of target " + c.target()));
                sinks.add(s);
                s.start();
            });
        }
        if (stages.contains(Stage.TRANSFORM)) {
            transform = new TransformStage(configs.transform(), codec, transformMetrics)
                    .withFaultHook(transformFault).onFailed(() -> failed("transform"));
            transform.start();
        }
        if (stages.contains(Stage.CAPTURE)) {
            // Each source has its own engine, offsets and topics: one that fails is restarted on
            // its own and never stops the others.
            configs.captures().stream().filter(c -> capturesSource(c.source())).forEach(c -> {
                CaptureStage s = new CaptureStage(c, codec);
                captures.add(s);
                s.start();
            });
        }
        LOG.info("pipeline started: stages {}, sources {}", stages, sources.isEmpty() ? "all" : sources);
    }

    private volatile Runnable onStageFailed = () -> { };

    /**
     * Called (on the failing stage's thread) when a stage has FAILED for good, after its restarts;
     * {@code ferry run} then stops and exits 1. Set before {@link #start()}.
     */
    public void onStageFailed(Runnable listener) {
        this.onStageFailed = listener;
    }

    private volatile java.util.function.Consumer<String> transformFault = table -> { };

    /**
     * For fault tests: called on the transform's stream thread with the target table before each
     * record is mapped; an exception it throws is an unexpected failure of the transform. Set before {@link #start()}.
     */
    public void withTransformFault(java.util.function.Consumer<String> fault) {
        this.transformFault = fault;
    }

    private void failed(String stage) {
        LOG.error("{} has FAILED; see its status", stage);
        onStageFailed.run();
    }

    /** The schema registry every stage of this process uses, with its availability. */
    public PatientSchemaRegistry registry() {
        return registry;
    }

    public List<CaptureStage> captures() {
        return List.copyOf(captures);
    }

    public List<SinkStage> sinks() {
        return List.copyOf(sinks);
    }

    /** The transform stage, or null when not run in this process. */
    public TransformStage transform() {
        return transform;
    }

    public StageConfigs configs() {
        return configs;
    }

    /** Stops capture, then transform, then the sinks; each flushes and commits what it holds. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Stages waiting for an unavailable registry give up now, without dead-lettering anything.
        registry.close();
        captures.forEach(CaptureStage::close);
        if (transform != null) {
            transform.close();
        }
        sinks.forEach(SinkStage::close);
        LOG.info("pipeline stopped");
    }
}
