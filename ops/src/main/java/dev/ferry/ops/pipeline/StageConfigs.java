package dev.ferry.ops.pipeline;

import dev.ferry.capture.CaptureConfig;
import dev.ferry.capture.SourceType;
import dev.ferry.ops.config.DbType;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.config.MappingSection;
import dev.ferry.ops.config.Secret;
import dev.ferry.ops.config.SourceSection;
import dev.ferry.ops.config.TargetSection;
import dev.ferry.schemas.TopicNames;
import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.registry.RegistryAddress;
import dev.ferry.schemas.registry.TrustStore;
import dev.ferry.sink.SinkConfig;
import dev.ferry.sink.TableRoute;
import dev.ferry.transform.TableMapping;
import dev.ferry.transform.TransformConfig;
import dev.ferry.transform.mapping.ColumnRule;
import dev.ferry.transform.mapping.Mask;
import dev.ferry.transform.predicate.PredicateParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * Turns a loaded {@code ferry.yaml} into the immutable config records of each stage. The one place
 * where YAML-level names meet stage-level ones.
 */
public final class StageConfigs {

    private final FerryConfig config;
    private final KafkaSettings kafka;
    private final Path stateDir;

    /** @param stateDir where local state goes (Kafka Streams state directory) */
    public StageConfigs(FerryConfig config, Path stateDir) {
        this.config = config;
        this.stateDir = stateDir;
        var k = config.kafka();
        this.kafka = new KafkaSettings(k.bootstrapServers(),
                new RegistryAddress(k.schemaRegistry(), k.registryUser(), k.registryPassword().reveal(),
                        k.registryTrustStore().isEmpty() ? Optional.empty() : Optional.of(
                                new TrustStore(Path.of(k.registryTrustStore()), k.registryTrustStorePassword().reveal()))),
                new TopicNames(k.topicPrefix()),
                k.partitions(), k.replicationFactor(), k.properties(), k.maxRecordBytes());
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    public FerryConfig ferryConfig() {
        return config;
    }

    public List<CaptureConfig> captures() {
        return config.sources().stream().map(this::capture).toList();
    }

    private CaptureConfig capture(SourceSection s) {
        return new CaptureConfig(s.name(), sourceType(s.type()), s.url(), s.user(), s.password().reveal(),
                s.tables().stream().map(Object::toString).toList(),
                s.snapshot() == dev.ferry.ops.config.SnapshotMode.NEVER
                        ? dev.ferry.capture.SnapshotMode.NEVER : dev.ferry.capture.SnapshotMode.INITIAL,
                kafka);
    }

    public TransformConfig transform() {
        return new TransformConfig(kafka, tableMappings(), stateDir.resolve("streams"), 1,
                config.transform().restartAttempts());
    }

    /** Every table mapping, explicit or identity, in configuration order. */
    public List<TableMapping> tableMappings() {
        return config.effectiveMappings().stream().map(this::tableMapping).toList();
    }

    private TableMapping tableMapping(MappingSection m) {
        Map<String, List<ColumnRule>> columns = new LinkedHashMap<>();
        m.columns().forEach((column, rule) -> columns.put(column, columnRules(rule, m.maskSalt())));
        TopicNames topics = kafka.topics();
        return new TableMapping(m.source(), topics.raw(m.source(), m.sourceTable().schema(), m.sourceTable().table()),
                m.target(), m.targetTable(), topics.mapped(m.target(), m.targetTable()), columns, m.keep(), m.add(),
                m.filter() == null ? null : PredicateParser.parse(m.filter()), m.deletes(), m.softDeleteColumn(),
                m.validations());
    }

    private static List<ColumnRule> columnRules(dev.ferry.ops.config.ColumnRule rule, Secret salt) {
        List<ColumnRule> rules = new ArrayList<>();
        if (rule.drop()) {
            rules.add(new ColumnRule.Drop());
        }
        if (rule.rename() != null) {
            rules.add(new ColumnRule.Rename(rule.rename()));
        }
        if (rule.defaultValue() != null) {
            rules.add(new ColumnRule.Default(rule.defaultValue()));
        }
        if (rule.cast() != null) {
            rules.add(new ColumnRule.Cast(rule.cast()));
        }
        if (rule.mask() != null) {
            rules.add(new ColumnRule.MaskWith(new Mask(rule.mask(), rule.mask() == Mask.Kind.SHA256 ? salt.reveal() : null)));
        }
        return rules;
    }

    public List<SinkConfig> sinks() {
        return config.targets().stream().map(this::sink).toList();
    }

    private SinkConfig sink(TargetSection t) {
        List<TableRoute> routes = tableMappings().stream()
                .filter(m -> m.target().equals(t.name()))
                .map(m -> new TableRoute(m.mappedTopic(), m.targetTable()))
                .distinct()
                .toList();
        return new SinkConfig(t.name(), t.url(), t.user(), t.password().reveal(), t.schema(), t.batchSize(),
                Duration.ofMillis(t.batchLingerMs()),
                dev.ferry.sink.DdlMode.valueOf(t.ddl().name()), routes, kafka,
                dev.ferry.sink.ConflictMode.valueOf(t.conflict().name()), t.fkRetry(), t.batchLog(), t.limits(),
                t.truncate());
    }

    private static SourceType sourceType(DbType type) {
        return switch (type) {
            case POSTGRES -> SourceType.POSTGRES;
            case MARIADB -> SourceType.MARIADB;
            case MYSQL -> SourceType.MYSQL;
        };
    }
}
