package dev.ferry.ops.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the security settings among {@code kafka.properties}, the ones every Kafka client Ferry
 * makes (stages, Debezium's offset, schema-history and signal clients, Kafka Streams, the admin
 * clients of {@code check}, {@code status}, {@code dlq}, {@code replay} and {@code cutover})
 * receives unchanged. A mistake here would otherwise surface as a client that cannot connect, far
 * from the file:
 * <ul>
 *   <li>{@code security.protocol} is one of {@value #PROTOCOLS_TEXT};</li>
 *   <li>{@code sasl.mechanism} is one of {@value #MECHANISMS_TEXT}; a {@code SASL_*} protocol with
 *       {@code PLAIN} or {@code SCRAM-*} (the ones a file can carry credentials for) needs
 *       {@code sasl.jaas.config};</li>
 *   <li>each {@code *.location} file ({@code ssl.truststore.location}, {@code ssl.keystore.location})
 *       exists and is readable.</li>
 * </ul>
 */
final class KafkaSecurity {

    private static final String PROTOCOLS_TEXT = "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL";
    private static final String MECHANISMS_TEXT = "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI, OAUTHBEARER";
    private static final List<String> PROTOCOLS = List.of(PROTOCOLS_TEXT.split(", "));
    private static final List<String> MECHANISMS = List.of(MECHANISMS_TEXT.split(", "));
    private static final List<String> FILE_PROPERTIES = List.of("ssl.truststore.location", "ssl.keystore.location");

    private KafkaSecurity() {
    }

    /**
     * @param properties the client properties as read from {@code node}
     * @param node the {@code kafka.properties} node, for the paths of problems
     * @return {@code properties}, or empty after reporting their problems
     */
    static Optional<Map<String, String>> check(Map<String, String> properties, ConfigNode node) {
        Map<String, ConfigNode> entries = node.entries("Kafka client properties").orElse(Map.of());
        boolean valid = true;
        String protocol = properties.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            entries.get("security.protocol").problem("must be one of " + PROTOCOLS_TEXT + ", got '"
                    + properties.get("security.protocol") + "'");
            valid = false;
        }
        String mechanism = properties.getOrDefault("sasl.mechanism", "GSSAPI").toUpperCase(Locale.ROOT);
        if (!MECHANISMS.contains(mechanism)) {
            entries.get("sasl.mechanism").problem("must be one of " + MECHANISMS_TEXT + ", got '"
                    + properties.get("sasl.mechanism") + "'");
            valid = false;
        } else if (protocol.startsWith("SASL_") && (mechanism.equals("PLAIN") || mechanism.startsWith("SCRAM-"))
                && !properties.containsKey("sasl.jaas.config")) {
            node.problem("security.protocol " + protocol + " with sasl.mechanism " + mechanism
                    + " needs sasl.jaas.config (the user and password, e.g. from ${env:...})");
            valid = false;
        }
        for (String name : FILE_PROPERTIES) {
            String location = properties.get(name);
            if (location != null && !Files.isReadable(Path.of(location))) {
                entries.get(name).problem("no readable file at " + location);
                valid = false;
            }
        }
        return valid ? Optional.of(properties) : Optional.empty();
    }
}
