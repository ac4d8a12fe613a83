package dev.ferry.ops.status;

import dev.ferry.schemas.supervision.StageState;
import dev.ferry.capture.CaptureStage;
import dev.ferry.capture.TableProgress;
import dev.ferry.ops.config.SourceSection;
import dev.ferry.ops.config.TargetSection;
import dev.ferry.ops.metrics.FerryMetrics;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.TopicNames;
import dev.ferry.sink.SinkProgress;
import dev.ferry.sink.SinkStage;
import dev.ferry.transform.TableMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Puts together a {@link Status} from what a running pipeline knows (capture and sink progress,
 * latency) and what Kafka says (topic sizes, lag). Either side may be missing: without a pipeline
 * every stage reads as stopped; without a Kafka snapshot sizes and lag read 0.
 */
public final class StatusCollector {

    private final StageConfigs configs;
    private final Pipeline pipeline;
    private final FerryMetrics metrics;
    private final java.time.Clock clock;

    /**
     * @param pipeline the running pipeline, or null when reading from Kafka alone
     * @param metrics its metrics (for replication lag), or null
     */
    public StatusCollector(StageConfigs configs, Pipeline pipeline, FerryMetrics metrics) {
        this(configs, pipeline, metrics, java.time.Clock.systemUTC());
    }

    /** @param clock what "now" is (when the status is taken, whether a table is idle); a fake one in tests */
    public StatusCollector(StageConfigs configs, Pipeline pipeline, FerryMetrics metrics, java.time.Clock clock) {
        this.configs = configs;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @param kafka the latest Kafka snapshot, or null when none could be read yet */
    public Status collect(KafkaSnapshot kafka) {
        return collect(kafka, KafkaWatcher.KafkaAvailability.REACHABLE);
    }

    /**
     * @param kafka the latest Kafka snapshot, or null when none could be read yet
     * @param availability whether Kafka answers now (the snapshot may be older)
     */
    public Status collect(KafkaSnapshot kafka, KafkaWatcher.KafkaAvailability availability) {
        TopicNames names = configs.kafka().topics();
        List<TableMapping> mappings = configs.tableMappings();
        List<Status.SourceStatus> sources = configs.ferryConfig().sources().stream()
                .map(s -> source(s, mappings, kafka)).toList();
        String transformGroup = names.transformApplicationId();
        String transformState = pipeline != null && pipeline.transform() != null ? pipeline.transform().state()
                : elsewhere(kafka, transformGroup) > 0 ? "RUNNING ELSEWHERE (" + elsewhere(kafka, transformGroup)
                        + " members)" : "STOPPED";
        Status.TransformStatus transform = new Status.TransformStatus(transformState,
                kafka == null ? 0 : kafka.lag(transformGroup),
                kafka == null ? 0 : kafka.records(names.transformDeadLetters()), names.transformDeadLetters(),
                pipeline != null && pipeline.transform() != null ? pipeline.transform().failure() : null);
        List<Status.TargetStatus> targets = configs.ferryConfig().targets().stream()
                .map(t -> target(t, mappings, kafka)).toList();
        Status.KafkaStatus kafkaStatus = new Status.KafkaStatus(configs.kafka().bootstrapServers(),
                availability.reachable(),
                availability.unreachableSince() == null ? null : availability.unreachableSince().toString(),
                availability.lastError(), kafka == null ? null : kafka.at().toString());
        return new Status(clock.instant().toString(), names.prefix(), pipeline != null, registry(), kafkaStatus, sources,
                transform, targets);
    }

    private Status.RegistryStatus registry() {
        if (pipeline == null) {
            return null;
        }
        Optional<Instant> since = pipeline.registry().unavailableSince();
        return new Status.RegistryStatus(configs.kafka().schemaRegistry().url(), since.isEmpty(),
                since.map(Instant::toString).orElse(null), pipeline.registry().lastError());
    }

    /** Active members of a consumer group, as Kafka last said; 0 when unknown. */
    private static int elsewhere(KafkaSnapshot kafka, String group) {
        return kafka == null ? 0 : kafka.members().getOrDefault(group, 0);
    }

    private Status.SourceStatus source(SourceSection source, List<TableMapping> mappings, KafkaSnapshot kafka) {
        Optional<CaptureStage> capture = pipeline == null ? Optional.empty()
                : pipeline.captures().stream().filter(c -> c.source().equals(source.name())).findFirst();
        List<TableProgress> progress = capture.map(c -> c.progress().tables()).orElse(List.of());
        List<Status.SourceTable> tables = new ArrayList<>();
        for (var table : source.tables()) {
            String name = table.toString();
            String rawTopic = configs.kafka().topics().raw(source.name(), table.schema(), table.table());
            long rawRecords = kafka == null ? 0 : kafka.records(rawTopic);
            TableProgress p = progress.stream().filter(t -> t.table().equals(name)).findFirst().orElse(null);
            tables.add(p == null
                    ? new Status.SourceTable(name, "stopped", 0, -1, -1, 0, null, rawTopic, rawRecords, 0)
                    : new Status.SourceTable(name, p.phase().name().toLowerCase(Locale.ROOT), p.snapshotRows(),
                            p.estimatedRows(), p.snapshotPercent(), p.changes(),
                            p.lastChangeAt() == null ? null : p.lastChangeAt().toString(), rawTopic, rawRecords,
                            p.tooLarge()));
        }
        return new Status.SourceStatus(source.name(), capture.map(c -> c.progress().lastPosition()).orElse(null),
                capture.map(c -> c.progress().lastError()).orElse(null), tables);
    }

    private Status.TargetStatus target(TargetSection target, List<TableMapping> mappings, KafkaSnapshot kafka) {
        TopicNames names = configs.kafka().topics();
        String group = names.sinkGroup(target.name());
        SinkProgress progress = pipeline == null ? null : pipeline.sinks().stream()
                .filter(s -> s.target().equals(target.name())).map(SinkStage::progress).findFirst().orElse(null);
        Map<String, Long> applied = progress == null ? Map.of() : progress.applied();
        Map<String, Long> dead = progress == null ? Map.of() : progress.deadLettered();
        Map<String, Long> truncated = progress == null ? Map.of() : progress.truncated();
        Map<String, Long> truncatesIgnored = progress == null ? Map.of() : progress.truncatesIgnored();
        Instant now = clock.instant();
        List<Status.TargetTable> tables = mappings.stream().filter(m -> m.target().equals(target.name()))
                .map(m -> {
                    long lag = kafka == null ? 0 : kafka.lag(group, m.mappedTopic());
                    LastChange last = metrics == null ? null : metrics.lastChange(target.name(), m.targetTable());
                    return new Status.TargetTable(m.targetTable(), m.mappedTopic(),
                            kafka == null ? 0 : kafka.records(m.mappedTopic()),
                            applied.getOrDefault(m.targetTable(), 0L), dead.getOrDefault(m.targetTable(), 0L), lag,
                            last == null ? -1 : last.latencyMillis(),
                            last == null ? null : last.committedAt().toString(),
                            last != null && last.idleAt(now, lag),
                            truncated.getOrDefault(m.targetTable(), 0L), truncatesIgnored.getOrDefault(m.targetTable(), 0L));
                })
                .toList();
        Instant since = progress == null ? null : progress.unreachableSince();
        String dlq = names.sinkDeadLetters(target.name());
        boolean elsewhere = elsewhere(kafka, group) > 0;
        String state = progress != null ? progress.state().label() : elsewhere ? "running elsewhere" : "stopped";
        boolean running = progress != null ? progress.state() != StageState.FAILED : elsewhere;
        return new Status.TargetStatus(target.name(), running, since == null,
                since == null ? null : since.toString(), progress == null ? null : progress.lastError(),
                progress == null ? 0 : progress.retries(), kafka == null ? 0 : kafka.lag(group),
                kafka == null ? 0 : kafka.records(dlq), dlq, tables, state, progress == null ? null : progress.failure());
    }
}
