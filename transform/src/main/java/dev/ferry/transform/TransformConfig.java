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
 * @param restartAttempts restarts of a stream thread after an unexpected failure before the stage is
 *     FAILED (0: FAILED at once)
 */
public record TransformConfig(KafkaSettings kafka, List<TableMapping> mappings, Path stateDir, int threads,
                              int restartAttempts) {

    /** Restarts after an unexpected failure when not configured. */
    public static final int DEFAULT_RESTART_ATTEMPTS = 3;

    /** With {@link #DEFAULT_RESTART_ATTEMPTS}. */
    public TransformConfig(KafkaSettings kafka, List<TableMapping> mappings, Path stateDir, int threads) {
        this(kafka, mappings, stateDir, threads, DEFAULT_RESTART_ATTEMPTS);
    }

    public TransformConfig {
        Objects.requireNonNull(kafka, "kafka");
        mappings = List.copyOf(mappings);
        Objects.requireNonNull(stateDir, "stateDir");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (restartAttempts < 0) {
            throw new IllegalArgumentException("restartAttempts must not be negative, was " + restartAttempts);
        }
    }

    /** The same with another number of restart attempts. */
    public TransformConfig withRestartAttempts(int attempts) {
        return new TransformConfig(kafka, mappings, stateDir, threads, attempts);
    }
}
