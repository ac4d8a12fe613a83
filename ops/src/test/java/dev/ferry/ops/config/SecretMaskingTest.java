package dev.ferry.ops.config;

import static dev.ferry.ops.config.TestYaml.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets never appear when configuration is printed. */
class SecretMaskingTest {

    private static final Map<String, String> ENV = Map.of(
            "KAFKA_PASSWORD", "kafka-pw-1", "SOURCE_PASSWORD", "source-pw-2", "TARGET_PASSWORD", "target-pw-3",
            "REGISTRY_PASSWORD", "registry-pw-4");
    private static final List<String> SECRETS = List.of("kafka-pw-1", "source-pw-2", "target-pw-3", "truststore-secret",
            "registry-pw-4");

    @Test
    void masksSecretsWhenPrinted() throws ConfigException {
        FerryConfig config = ConfigLoader.load(resource("valid-full.yaml"), ENV);

        assertEquals("""
                kafka:
                  bootstrap-servers: "kafka1:9092,kafka2:9092"
                  schema-registry: http://localhost:8081
                  schema-registry-user: registry-key
                  schema-registry-password: '****'
                  topic-prefix: ferry_app
                  partitions: 6
                  replication-factor: 3
                  max-record-bytes: 16777216
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: PLAIN
                    sasl.jaas.config: '****'
                    ssl.truststore.password: '****'
                    linger.ms: 5
                sources:
                  - name: legacy
                    type: postgres
                    url: jdbc:postgresql://legacy-db:5432/app
                    user: ferry
                    password: '****'
                    tables:
                      - public.customers
                      - public.orders
                    snapshot: never
                  - name: shop
                    type: mariadb
                    url: jdbc:mariadb://shop-db/shop?useSsl=true
                    user: ferry
                    password: '****'
                    tables:
                      - shop.carts
                    snapshot: initial
                targets:
                  - name: newdb
                    type: postgres
                    url: jdbc:postgresql://new-db:5433/newapp?sslmode=require&password=****
                    user: ferry
                    password: '****'
                    schema: app
                    batch-size: 500
                    batch-linger-ms: 0
                    ddl: none
                    conflict: newer-wins
                    fk-retry: 90s
                    batch-log: false
                    restart-attempts: 3
                    connect-timeout: 10s
                    socket-timeout: 60s
                    statement-timeout: 30s
                    parking-max-rows: 100000
                    parking-max-mb: 256
                    truncate: apply
                mappings:
                  - from: legacy.public.customers
                    to: newdb.clients
                    columns:
                      email:
                        rename: email_address
                      First Name:
                        rename: select
                    delete: hard
                transform:
                  restart-attempts: 3
                http:
                  port: 8080
                """, config.toDisplayString());
    }

    @Test
    void recordsToStringNeverRevealSecrets() throws ConfigException {
        FerryConfig config = ConfigLoader.load(resource("valid-full.yaml"), ENV);

        for (String printed : List.of(config.toString(), config.kafka().toString(),
                config.sources().get(0).toString(), config.targets().get(0).toString(), config.toDisplayString())) {
            for (String secret : SECRETS) {
                assertFalse(printed.contains(secret), () -> "'" + secret + "' revealed in " + printed);
            }
        }
        assertTrue(config.sources().get(0).toString().contains("password=****"));
    }

    @Test
    void keepsSecretsAvailableToTheirUsers() throws ConfigException {
        FerryConfig config = ConfigLoader.load(resource("valid-full.yaml"), ENV);

        assertEquals("source-pw-2", config.sources().get(0).password().reveal());
        assertEquals("truststore-secret", config.kafka().properties().get("ssl.truststore.password"));
        assertEquals("registry-pw-4", config.kafka().registryPassword().reveal());
        assertTrue(config.targets().get(0).url().endsWith("password=target-pw-3"));
    }

    @Test
    void masksKafkaPropertiesWhoseNameLooksSecret() {
        KafkaSection kafka = new KafkaSection("k:9092", "http://r:8081", "", Secret.EMPTY, "", Secret.EMPTY, "ferry", 3, (short) 1, 16 << 20, Map.of(
                "sasl.jaas.config", "v-jaas", "ssl.key.password", "v-key", "basic.auth.user.info", "visible",
                "ssl.keystore.location", "v-keystore", "client.secret", "v-secret", "SASL_PASSWORD", "v-pw",
                "acks", "all"));

        String printed = kafka.toString();
        for (String secret : List.of("v-jaas", "v-key", "v-keystore", "v-secret", "v-pw")) {
            assertFalse(printed.contains(secret), printed);
        }
        assertTrue(printed.contains("acks=all"), printed);
        assertTrue(printed.contains("basic.auth.user.info=visible"), printed);
    }

    @Test
    void stageKafkaSettingsNeverPrintSecretClientProperties() throws ConfigException {
        FerryConfig config = ConfigLoader.load(resource("valid-full.yaml"), ENV);

        String printed = new dev.ferry.ops.pipeline.StageConfigs(config, java.nio.file.Path.of("state")).kafka().toString();

        assertFalse(printed.contains("truststore-secret"), printed);
        assertFalse(printed.contains("kafka-pw-1") || printed.contains("LoginModule"), printed);
        assertTrue(printed.contains("sasl.jaas.config=****"), printed);
        assertTrue(printed.contains("linger.ms=5"), printed);
    }

    @Test
    void secretPrintsAsMaskAndRevealsOnRequest() {
        Secret secret = Secret.of("hunter2");

        assertEquals("****", secret.toString());
        assertEquals("****", Secret.EMPTY.toString());
        assertEquals("hunter2", secret.reveal());
        assertEquals(Secret.of("hunter2"), secret);
        assertNotEquals(Secret.of("hunter3"), secret);
        assertTrue(Secret.of("").isEmpty());
        assertFalse(secret.isEmpty());
    }

    @Test
    void doesNotRepeatUrlsInProblems() {
        ConfigException e = assertThrows(ConfigException.class, () -> TestYaml.parse(TestYaml.KAFKA + TestYaml.SOURCES
                + TestYaml.TARGETS.replace("jdbc:postgresql://new-db:5432/newapp",
                "jdbc:postgresql://new-db:5432?password=hunter2")));

        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}
