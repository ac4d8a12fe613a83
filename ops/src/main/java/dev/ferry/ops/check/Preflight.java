package dev.ferry.ops.check;

import dev.ferry.capture.CaptureConfig;
import dev.ferry.capture.SourceCheck;
import dev.ferry.ops.config.Masking;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.registry.RestSchemaRegistry;
import dev.ferry.schemas.registry.SchemaRegistryException;
import dev.ferry.sink.SinkConfig;
import dev.ferry.sink.TargetCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checks, before a pipeline runs, that everything it will talk to answers and is set up for it:
 * Kafka, the schema registry, each source (connection, server settings, every table present with a
 * primary key) and each target (connection, schema, the right to create tables). Changes nothing.
 */
public final class Preflight {

    private final StageConfigs configs;

    public Preflight(StageConfigs configs) {
        this.configs = configs;
    }

    /** One part checked: {@code subject} is {@code kafka}, {@code registry}, {@code source NAME} or {@code target NAME}. */
    public record Outcome(String subject, String address, List<String> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Runs every check, reporting each outcome as it is known; returns them all. */
    public List<Outcome> run(Consumer<Outcome> each) {
        List<Outcome> outcomes = new ArrayList<>();
        Consumer<Outcome> record = o -> {
            outcomes.add(o);
            each.accept(o);
        };
        KafkaSettings kafka = configs.kafka();
        record.accept(new Outcome("kafka", kafka.bootstrapServers(), KafkaCheck.problems(kafka)));
        record.accept(new Outcome("registry", kafka.schemaRegistry().toString(), registryProblems()));
        for (CaptureConfig source : configs.captures()) {
            record.accept(new Outcome("source " + source.source(), Masking.maskUrl(source.jdbcUrl()), SourceCheck.all(source)));
        }
        for (SinkConfig target : configs.sinks()) {
            record.accept(new Outcome("target " + target.target(), Masking.maskUrl(target.jdbcUrl()), TargetCheck.problems(target)));
        }
        return outcomes;
    }

    /** Asks for a subject that does not exist: answers 404 when the registry is there and lets us in. */
    private List<String> registryProblems() {
        try {
            new RestSchemaRegistry(configs.kafka().schemaRegistry())
                    .latest(configs.kafka().topics().prefix() + ".ferry-check-value");
            return List.of();
        } catch (SchemaRegistryException e) {
            return List.of(e.getMessage());
        }
    }
}
