package dev.ferry.ops.config;

import static dev.ferry.ops.config.TestYaml.SOURCES;
import static dev.ferry.ops.config.TestYaml.TARGETS;
import static dev.ferry.ops.config.TestYaml.parse;
import static dev.ferry.ops.config.TestYaml.problemsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.pipeline.StageConfigs;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka security settings and the registry's trust store are checked at load, with their paths. */
class KafkaSecurityConfigTest {

    @TempDir
    Path dir;

    private static String kafka(String extra) {
        return """
                kafka:
                  bootstrap-servers: localhost:9092
                  schema-registry: https://localhost:8081
                """ + extra + SOURCES + TARGETS;
    }

    @Test
    void refusesAnUnknownProtocolAMechanismAndATrustStoreThatIsNotThere() {
        assertEquals(List.of(
                "kafka.properties.security.protocol: must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, got 'SASL_TLS'",
                "kafka.properties.sasl.mechanism: must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI,"
                        + " OAUTHBEARER, got 'SCRAM-SHA-1'",
                "kafka.properties.ssl.truststore.location: no readable file at /nowhere/ca.p12"),
                problemsOf(kafka("""
                          properties:
                            security.protocol: SASL_TLS
                            sasl.mechanism: SCRAM-SHA-1
                            ssl.truststore.location: /nowhere/ca.p12
                        """)));
    }

    @Test
    void scramOverSaslSslNeedsItsJaasConfig() {
        assertEquals(List.of("kafka.properties: security.protocol SASL_SSL with sasl.mechanism SCRAM-SHA-512 needs"
                        + " sasl.jaas.config (the user and password, e.g. from ${env:...})"),
                problemsOf(kafka("""
                          properties:
                            security.protocol: SASL_SSL
                            sasl.mechanism: SCRAM-SHA-512
                        """)));
    }

    @Test
    void registryTrustStoreMustOpenAndNeedsHttps() throws Exception {
        Path notAStore = Files.writeString(dir.resolve("ca.p12"), "not a key store");
        List<String> problems = problemsOf(kafka("  schema-registry-truststore: " + notAStore + "\n"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("kafka.schema-registry-truststore: cannot read trust store " + notAStore),
                problems.get(0));

        assertEquals(List.of("kafka.schema-registry-truststore: needs an https:// kafka.schema-registry URL, got"
                        + " http://localhost:8081"),
                problemsOf(kafka("  schema-registry-truststore: " + notAStore + "\n")
                        .replace("https://localhost", "http://localhost")));
        assertEquals(List.of("kafka.schema-registry-truststore-password: is set but kafka.schema-registry-truststore is not"),
                problemsOf(kafka("  schema-registry-truststore-password: x\n")));
    }

    @Test
    void aPemTrustStoreReachesTheRegistryAddressAndItsPasswordIsNeverPrinted() throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, someCaPem());
        FerryConfig config = parse(kafka("  schema-registry-truststore: " + pem + "\n"
                + "  schema-registry-truststore-password: ${env:TRUST_PW}\n"), Map.of("TRUST_PW", "hunter2-secret"));
        assertEquals(pem.toString(), config.kafka().registryTrustStore());
        var address = new StageConfigs(config, dir).kafka().schemaRegistry();
        assertEquals(pem, address.trust().orElseThrow().file());
        assertEquals("hunter2-secret", address.trust().orElseThrow().password());

        for (String printed : List.of(config.toDisplayString(), config.toString(), address.toString(),
                new StageConfigs(config, dir).kafka().toString())) {
            assertFalse(printed.contains("hunter2-secret"), printed);
        }
        assertTrue(config.toDisplayString().contains("schema-registry-truststore-password: '****'"),
                config.toDisplayString());
    }

    /** A real CA certificate as PEM: the first one of the JDK's own trust store. */
    private static String someCaPem() throws Exception {
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        KeyStore store = KeyStore.getInstance(cacerts.toFile(), "changeit".toCharArray());
        Certificate certificate = store.getCertificate(store.aliases().nextElement());
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
