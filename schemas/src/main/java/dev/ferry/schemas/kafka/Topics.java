package dev.ferry.schemas.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Ferry's topics when they are missing. Existing topics are left as they are (their
 * partition count is the operator's business once data is in them).
 */
public final class Topics {

    /**
     * Largest record Ferry's topics and producers take: 16 MiB, so a row with a few large text or
     * binary values travels (Kafka's default, 1 MiB, refuses a 1 MB text value with its envelope).
     * Producers set {@code max.request.size} to it; topics {@code max.message.bytes}.
     */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** Compacted: raw and mapped topics hold the current state of each table, which makes replay possible. */
    public static final Map<String, String> COMPACTED = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, String.valueOf(60 * 60 * 1000L),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));

    /** Dead letters: deleted after 30 days. */
    public static final Map<String, String> DEAD_LETTERS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30L * 24 * 60 * 60 * 1000),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES));

    private Topics() {
    }

    /**
     * Creates each named topic that does not exist yet.
     *
     * @throws IllegalStateException when the broker refuses or cannot be reached; the message names the topics
     */
    public static void ensure(Admin admin, Collection<String> names, int partitions, short replicationFactor,
                              Map<String, String> config) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, replicationFactor).configs(config));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics to create " + names + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics " + names, e);
        }
    }
}
