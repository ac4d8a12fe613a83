package dev.ferry.schemas.kafka;

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
 */
public record KafkaSettings(String bootstrapServers, RegistryAddress schemaRegistry, TopicNames topics,
                            int partitions, short replicationFactor, Map<String, String> clientProperties) {

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistry, "schemaRegistry");
        Objects.requireNonNull(topics, "topics");
        clientProperties = Map.copyOf(clientProperties == null ? Map.of() : clientProperties);
    }

    /** A fresh, mutable client configuration: bootstrap servers plus the free client properties. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }
}
