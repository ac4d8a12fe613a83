package dev.ferry.transform;

import dev.ferry.schemas.kafka.KafkaSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the transform stage needs.
 *
 * @param kafka where the topics and registry are
 * @param mappings one entry per (source table, target table)
 * @param stateDir directory for Kafka Streams' local state (small: the topology is stateless)
 * @param threads stream threads in this instance (1..); run more instances to scale out
 */
public record TransformConfig(KafkaSettings kafka, List<TableMapping> mappings, Path stateDir, int threads) {

    public TransformConfig {
        Objects.requireNonNull(kafka, "kafka");
        mappings = List.copyOf(mappings);
        Objects.requireNonNull(stateDir, "stateDir");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }
}
