package dev.ferry.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.ops.config.ConfigException;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.schemas.registry.RegistryAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageConfigsTest {

    private static final String PIPELINE = """
            sources:
              - {name: legacy, type: postgres, url: "jdbc:postgresql://old:5432/app", user: ferry, tables: [public.t]}
            targets:
              - {name: fresh, type: postgres, url: "jdbc:postgresql://new:5432/app", user: ferry}
            """;

    @Test
    void registryCredentialsReachEveryStageAndNeverPrint() throws ConfigException {
        StageConfigs configs = configs("""
                kafka:
                  bootstrap-servers: broker:9092
                  schema-registry: https://registry.example.com
                  schema-registry-user: api-key
                  schema-registry-password: ${env:REGISTRY_SECRET}
                """, Map.of("REGISTRY_SECRET", "s3cr3t"));

        RegistryAddress registry = configs.kafka().schemaRegistry();
        assertEquals(new RegistryAddress("https://registry.example.com", "api-key", "s3cr3t"), registry);
        assertFalse(configs.kafka().toString().contains("s3cr3t"), configs.kafka().toString());
    }

    @Test
    void aRegistryWithoutCredentialsGetsNone() throws ConfigException {
        StageConfigs configs = configs("""
                kafka:
                  bootstrap-servers: broker:9092
                  schema-registry: http://registry:8081
                """, Map.of());

        assertEquals(RegistryAddress.of("http://registry:8081"), configs.kafka().schemaRegistry());
    }

    private static StageConfigs configs(String kafka, Map<String, String> env) throws ConfigException {
        return new StageConfigs(ConfigLoader.parse(kafka + PIPELINE, "ferry.yaml", env), Path.of("target/state"));
    }
}
