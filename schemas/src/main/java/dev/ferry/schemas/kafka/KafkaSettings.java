package dev.ferry.schemas.kafka;

import dev.ferry.schemas.SecretNames;
import dev.ferry.schemas.TopicNames;
import dev.ferry.schemas.registry.RegistryAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where Ferry's topics live and how to reach them; shared by every stage.
 *
 * @param bootstrapServers Kafka bootstrap servers, comma-separated host:port
 * @param schemaRegistry where the Confluent-compatible schema registry answers, with its credentials
 * @param topics topic naming under the configured prefix
 * @param partitions partitions of each raw and mapped topic Ferry creates
 * @param replicationFactor replication factor of each topic Ferry creates
 * @param clientProperties free Kafka client properties (TLS, SASL...) applied to every client
 * @param maxRecordBytes the largest record (key, value and headers, uncompressed) Ferry publishes:
 *     set as {@code max.message.bytes} on the topics Ferry creates and {@code max.request.size} on
 *     its producers (with {@link Topics#FRAMING_BYTES} to spare); a change above it is dead-lettered
 *     by capture instead of published. At least 1 MiB.
 */
public record KafkaSettings(String bootstrapServers, RegistryAddress schemaRegistry, TopicNames topics,
                            int partitions, short replicationFactor, Map<String, String> clientProperties,
                            int maxRecordBytes) {

    /** Default of {@link #maxRecordBytes}: 16 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;
    /** Smallest accepted {@link #maxRecordBytes}: 1 MiB, Kafka's own default. */
    public static final int MIN_MAX_RECORD_BYTES = 1024 * 1024;

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistry, "schemaRegistry");
        Objects.requireNonNull(topics, "topics");
        clientProperties = Map.copyOf(clientProperties == null ? Map.of() : clientProperties);
        if (maxRecordBytes < MIN_MAX_RECORD_BYTES || maxRecordBytes > Topics.MAX_RECORD_BYTES_CEILING) {
            throw new IllegalArgumentException("maxRecordBytes must be between " + MIN_MAX_RECORD_BYTES + " and "
                    + Topics.MAX_RECORD_BYTES_CEILING + ", got " + maxRecordBytes);
        }
    }

    /** Settings with the default record size limit ({@value #DEFAULT_MAX_RECORD_BYTES} bytes). */
    public KafkaSettings(String bootstrapServers, RegistryAddress schemaRegistry, TopicNames topics,
                         int partitions, short replicationFactor, Map<String, String> clientProperties) {
        this(bootstrapServers, schemaRegistry, topics, partitions, replicationFactor, clientProperties,
                DEFAULT_MAX_RECORD_BYTES);
    }

    /** A fresh, mutable client configuration: bootstrap servers plus the free client properties. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** {@code max.request.size} of Ferry's producers and {@code max.message.bytes} of its topics. */
    public int transportLimitBytes() {
        return maxRecordBytes + Topics.FRAMING_BYTES;
    }

    /** The topic settings for Ferry's compacted topics (raw and mapped) under this record limit. */
    public Map<String, String> compactedTopics() {
        return Topics.compacted(transportLimitBytes());
    }

    /** The topic settings for dead-letter topics under this record limit. */
    public Map<String, String> deadLetterTopics() {
        return Topics.deadLetters(transportLimitBytes());
    }

    /** Secret client properties (SASL JAAS config, key passwords) print as {@code ****}. */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", schemaRegistry=" + schemaRegistry
                + ", topics=" + topics + ", partitions=" + partitions + ", replicationFactor=" + replicationFactor
                + ", clientProperties=" + SecretNames.mask(new java.util.TreeMap<>(clientProperties))
                + ", maxRecordBytes=" + maxRecordBytes + "]";
    }
}
