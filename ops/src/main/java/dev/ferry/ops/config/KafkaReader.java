package dev.ferry.ops.config;

import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.kafka.Topics;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and validates the {@code kafka:} section into a {@link KafkaSection}.
 *
 * <p>Checks: both addresses are required; every {@code bootstrap-servers} entry is
 * {@code host:port} with a port 1..65535; {@code schema-registry} is an http(s) URL with a host;
 * {@code schema-registry-user} and {@code schema-registry-password} (a secret) come together or not at
 * all, and credentials never sit in the URL (it is printed); {@code schema-registry-truststore} needs an
 * {@code https} URL and must open with its password ({@link RegistryTrust}); the security client
 * properties are checked by {@link KafkaSecurity}; {@code topic-prefix} matches {@code [A-Za-z0-9_-]+}; {@code partitions} is 1..1000;
 * {@code replication-factor} is 1..10; {@code max-record-bytes} is 1 MiB..96 MiB; {@code properties} is a map of scalars and does not set
 * what the section already sets ({@code bootstrap.servers}, {@code schema.registry.url}).
 */
final class KafkaReader {

    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+\\]");
    private static final Map<String, String> MANAGED_PROPERTIES = Map.of(
            "bootstrap.servers", "kafka.bootstrap-servers",
            "schema.registry.url", "kafka.schema-registry");

    private KafkaReader() {
    }

    /** Reads the required {@code kafka} node; empty after reporting its problems. */
    static Optional<KafkaSection> read(ConfigNode node) {
        if (!node.requirePresent()) {
            return Optional.empty();
        }
        Optional<ConfigNode.Fields> opened = node.fields("bootstrap-servers", "schema-registry",
                "schema-registry-user", "schema-registry-password", "schema-registry-truststore",
                "schema-registry-truststore-password", "topic-prefix", "partitions", "replication-factor",
                "max-record-bytes", "properties");
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Fields fields = opened.get();
        Optional<String> bootstrapServers = bootstrapServers(fields.get("bootstrap-servers"));
        Optional<String> schemaRegistry = schemaRegistry(fields.get("schema-registry"));
        Optional<String> registryUser = fields.get("schema-registry-user").optionalString("");
        Optional<Secret> registryPassword = fields.get("schema-registry-password").optionalSecret();
        if (registryUser.isPresent() && registryPassword.isPresent()
                && registryUser.get().isEmpty() != registryPassword.get().isEmpty()) {
            (registryUser.get().isEmpty() ? fields.get("schema-registry-password") : fields.get("schema-registry-user"))
                    .problem("schema-registry-user and schema-registry-password go together: set both or neither");
            registryUser = Optional.empty();
        }
        Optional<RegistryTrust> registryTrust = schemaRegistry.isEmpty() ? Optional.empty()
                : RegistryTrust.read(schemaRegistry.get(), fields.get("schema-registry-truststore"),
                        fields.get("schema-registry-truststore-password"));
        Optional<String> topicPrefix = topicPrefix(fields.get("topic-prefix"));
        Optional<Integer> partitions = fields.get("partitions").optionalInt(KafkaSection.DEFAULT_PARTITIONS, 1, 1000);
        Optional<Integer> replicationFactor = fields.get("replication-factor")
                .optionalInt(KafkaSection.DEFAULT_REPLICATION_FACTOR, 1, 10);
        Optional<Integer> maxRecordBytes = fields.get("max-record-bytes").optionalInt(
                KafkaSettings.DEFAULT_MAX_RECORD_BYTES, KafkaSettings.MIN_MAX_RECORD_BYTES, Topics.MAX_RECORD_BYTES_CEILING);
        Optional<Map<String, String>> properties = properties(fields.get("properties"))
                .flatMap(p -> KafkaSecurity.check(p, fields.get("properties")));
        if (!Optionals.allPresent(bootstrapServers, schemaRegistry, registryUser, registryPassword, registryTrust, topicPrefix,
                partitions, replicationFactor, maxRecordBytes, properties)) {
            return Optional.empty();
        }
        return Optional.of(new KafkaSection(bootstrapServers.get(), schemaRegistry.get(), registryUser.get(),
                registryPassword.get(), registryTrust.get().file(), registryTrust.get().password(), topicPrefix.get(), partitions.get(), replicationFactor.get().shortValue(),
                maxRecordBytes.get(), properties.get()));
    }

    /** Validates each comma-separated entry; returns the list normalised as {@code a:1,b:2}. */
    private static Optional<String> bootstrapServers(ConfigNode node) {
        Optional<String> text = node.requiredString();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<String> servers = new ArrayList<>();
        boolean valid = true;
        for (String entry : text.get().split(",", -1)) {
            String server = entry.trim();
            if (server.isEmpty()) {
                node.problem("contains an empty entry (check the commas)");
                valid = false;
            } else if (!isHostAndPort(server)) {
                node.problem("'" + server + "' is not host:port with a port between 1 and 65535");
                valid = false;
            }
            servers.add(server);
        }
        return valid ? Optional.of(String.join(",", servers)) : Optional.empty();
    }

    private static boolean isHostAndPort(String server) {
        int colon = server.lastIndexOf(':');
        if (colon <= 0 || !HOST.matcher(server.substring(0, colon)).matches()) {
            return false;
        }
        String port = server.substring(colon + 1);
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int number = Integer.parseInt(port);
        return number >= 1 && number <= 65535;
    }

    /** An http(s) URL with a host; a path is allowed (e.g. Apicurio's {@code /apis/ccompat/v7}). */
    private static Optional<String> schemaRegistry(ConfigNode node) {
        Optional<String> text = node.requiredString();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text.get());
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            node.problem("must be an http:// or https:// URL with a host, e.g. http://localhost:8081");
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            node.problem("must not carry credentials (URLs get printed): "
                    + "set kafka.schema-registry-user and kafka.schema-registry-password instead");
            return Optional.empty();
        }
        return text;
    }

    private static Optional<String> topicPrefix(ConfigNode node) {
        Optional<String> text = node.optionalString(KafkaSection.DEFAULT_TOPIC_PREFIX);
        if (text.isPresent() && !TOPIC_PREFIX.matcher(text.get()).matches()) {
            node.problem("must match [A-Za-z0-9_-]+ (no dots), got '" + text.get() + "'");
            return Optional.empty();
        }
        return text;
    }

    private static Optional<Map<String, String>> properties(ConfigNode node) {
        Optional<Map<String, ConfigNode>> entries = node.entries("Kafka client properties");
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        boolean valid = true;
        for (Map.Entry<String, ConfigNode> entry : entries.get().entrySet()) {
            String key = entry.getKey();
            ConfigNode value = entry.getValue();
            if (key.isBlank()) {
                value.problem("property name must not be empty");
                valid = false;
            } else if (MANAGED_PROPERTIES.containsKey(key)) {
                value.problem("set " + MANAGED_PROPERTIES.get(key) + " instead");
                valid = false;
            } else if (value.isMissing()) {
                value.problem("must have a value");
                valid = false;
            } else {
                Optional<String> text = value.scalar("a scalar value");
                text.ifPresent(t -> properties.put(key, t));
                valid &= text.isPresent();
            }
        }
        return valid ? Optional.of(properties) : Optional.empty();
    }
}
