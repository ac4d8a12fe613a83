package dev.ferry.ops.check;

import dev.ferry.schemas.Failures;
import dev.ferry.schemas.kafka.KafkaSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;

/**
 * What Ferry needs of a Kafka cluster: it answers, it has brokers enough for the configured
 * replication factor, and for the transaction log the exactly-once transform writes to.
 */
final class KafkaCheck {

    private static final int KAFKA_TIMEOUT_MS = 15_000;
    private static final String TRANSACTION_LOG = "__transaction_state";

    private KafkaCheck() {
    }

    private static final String UNREACHABLE = "cannot reach Kafka: ";
    private static final String SILENT = "no answer from Kafka within ";
    private static final String REFUSED = "Kafka refused the connection: ";
    private static final Pattern JAAS_USER = Pattern.compile("username=\"([^\"]*)\"");

    /**
     * False when {@code problems} (of {@link #problems}) say the cluster did not answer at all, or
     * refused Ferry's credentials or TLS handshake: nothing was learnt of the cluster, and a
     * pipeline waits that out as an outage (the credentials may be fixed on either side).
     */
    static boolean answered(List<String> problems) {
        return problems.stream().noneMatch(p -> p.startsWith(UNREACHABLE) || p.startsWith(SILENT) || p.startsWith(REFUSED));
    }

    /** @return one line per problem, empty when Ferry can work on this cluster */
    static List<String> problems(KafkaSettings kafka) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, KAFKA_TIMEOUT_MS);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, KAFKA_TIMEOUT_MS);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "ferry-check");
        try (Admin admin = Admin.create(config)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(KAFKA_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                return List.of("the cluster reports no broker");
            }
            List<String> problems = new ArrayList<>();
            if (kafka.replicationFactor() > nodes.size()) {
                problems.add("kafka.replication-factor is " + kafka.replicationFactor() + " but the cluster has "
                        + nodes.size() + (nodes.size() == 1 ? " broker" : " brokers") + ": Ferry could not create its topics");
            }
            transactionLogProblem(admin, nodes).ifPresent(problems::add);
            return problems;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException refused) {
                return List.of(REFUSED + refusal(kafka, refused));
            }
            return List.of(UNREACHABLE + Failures.describe(e));
        } catch (TimeoutException e) {
            return List.of(SILENT + KAFKA_TIMEOUT_MS / 1000 + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted");
        } catch (RuntimeException e) {
            return List.of("cannot create a Kafka client: " + Failures.describe(e));
        }
    }

    /**
     * What a refusal says, with the user and mechanism Ferry signed in with (never the password),
     * e.g. {@code user ferry (SASL_SSL, SCRAM-SHA-512): Authentication failed during authentication
     * due to invalid credentials with SASL mechanism SCRAM-SHA-512}.
     */
    private static String refusal(KafkaSettings kafka, AuthenticationException refused) {
        Map<String, String> p = kafka.clientProperties();
        String protocol = p.getOrDefault("security.protocol", "PLAINTEXT");
        String how;
        if (protocol.toUpperCase(java.util.Locale.ROOT).startsWith("SASL")) {
            Matcher user = JAAS_USER.matcher(p.getOrDefault("sasl.jaas.config", ""));
            how = (user.find() ? "user " + user.group(1) : "SASL") + " (" + protocol + ", "
                    + p.getOrDefault("sasl.mechanism", "GSSAPI") + ")";
        } else {
            how = protocol;
        }
        String message = refused.getMessage() == null ? refused.getClass().getSimpleName() : refused.getMessage();
        return how + ": " + message.lines().findFirst().orElse(message);
    }

    /**
     * The transform runs exactly-once, so the cluster must be able to create its transaction log: a
     * cluster with fewer brokers than {@code transaction.state.log.replication.factor} (3 by
     * default) makes every transactional producer wait for ever. Fine once the log exists.
     */
    private static Optional<String> transactionLogProblem(Admin admin, Collection<Node> nodes)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(KAFKA_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (topics.contains(TRANSACTION_LOG)) {
            return Optional.empty();
        }
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
        Config config = admin.describeConfigs(List.of(broker)).all().get(KAFKA_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(broker);
        ConfigEntry factor = config.get("transaction.state.log.replication.factor");
        if (factor == null || factor.value() == null) {
            return Optional.empty();
        }
        int needed = Integer.parseInt(factor.value());
        return needed <= nodes.size() ? Optional.empty() : Optional.of("transaction.state.log.replication.factor is "
                + needed + " but the cluster has " + nodes.size() + (nodes.size() == 1 ? " broker" : " brokers")
                + ": the transform (exactly-once) would wait for ever; set it (and transaction.state.log.min.isr)"
                + " to at most " + nodes.size() + " on the brokers");
    }
}
