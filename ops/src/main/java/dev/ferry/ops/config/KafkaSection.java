package dev.ferry.ops.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code kafka:} section: where Ferry's change topics and schemas live.
 *
 * @param bootstrapServers  comma-separated {@code host:port} list, normalised without spaces
 * @param schemaRegistry    base URL of a Confluent-compatible schema registry
 * @param registryUser      HTTP basic-auth user of the registry, empty for none
 * @param registryPassword  HTTP basic-auth password of the registry ({@link Secret#EMPTY} if none)
 * @param registryTrustStore file of the certificates an {@code https} registry is trusted by (PKCS12, JKS or
 *                          PEM), empty for the JDK's defaults; checked readable at load
 * @param registryTrustStorePassword password of {@code registryTrustStore} ({@link Secret#EMPTY} for PEM or none)
 * @param topicPrefix       prefix of every topic Ferry creates (default {@value #DEFAULT_TOPIC_PREFIX})
 * @param partitions        partitions per topic Ferry creates (default {@value #DEFAULT_PARTITIONS})
 * @param replicationFactor replication factor of topics Ferry creates (default {@value #DEFAULT_REPLICATION_FACTOR})
 * @param maxRecordBytes    largest change capture publishes, in bytes (default 16 MiB); larger ones are dead-lettered
 * @param properties        extra Kafka client properties, in file order, values in clear text
 *                          (use {@link #toString()} or {@link FerryConfig#toDisplayString()} to print them)
 */
public record KafkaSection(String bootstrapServers, String schemaRegistry, String registryUser,
                           Secret registryPassword, String registryTrustStore, Secret registryTrustStorePassword,
                           String topicPrefix, int partitions, short replicationFactor,
                           int maxRecordBytes, Map<String, String> properties) {

    public static final String DEFAULT_TOPIC_PREFIX = "ferry";
    public static final int DEFAULT_PARTITIONS = 3;
    public static final int DEFAULT_REPLICATION_FACTOR = 1;

    /** Null checks only; the loader validates. {@code properties} is copied, keeping its order. */
    public KafkaSection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistry, "schemaRegistry");
        Objects.requireNonNull(registryUser, "registryUser");
        Objects.requireNonNull(registryPassword, "registryPassword");
        Objects.requireNonNull(registryTrustStore, "registryTrustStore");
        Objects.requireNonNull(registryTrustStorePassword, "registryTrustStorePassword");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(properties, "properties")));
    }

    /** Like the generated {@code toString}, but secret properties show as {@code ****}. */
    @Override
    public String toString() {
        return "KafkaSection[bootstrapServers=" + bootstrapServers + ", schemaRegistry=" + schemaRegistry
                + ", registryUser=" + registryUser + ", registryPassword=" + registryPassword
                + ", registryTrustStore=" + registryTrustStore + ", registryTrustStorePassword=" + registryTrustStorePassword
                + ", topicPrefix=" + topicPrefix + ", partitions=" + partitions
                + ", replicationFactor=" + replicationFactor + ", maxRecordBytes=" + maxRecordBytes
                + ", properties=" + Masking.maskProperties(properties) + "]";
    }
}
