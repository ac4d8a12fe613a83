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
     * Room for the record batch framing, headers and Avro envelope growth above
     * {@link KafkaSettings#maxRecordBytes}: producers and topics allow this much more than the
     * limit capture enforces, so a change capture lets through is never refused by Kafka.
     */
    public static final int FRAMING_BYTES = 64 * 1024;

    /**
     * Highest {@link KafkaSettings#maxRecordBytes}: 96 MiB, below the broker's default
     * {@code socket.request.max.bytes} (100 MiB), which caps any produce request.
     */
    public static final int MAX_RECORD_BYTES_CEILING = 96 * 1024 * 1024;

    /**
     * {@code max.message.bytes} of Ferry's small internal topics (offsets, signals, control):
     * the default record limit plus framing.
     */
    public static final int MAX_MESSAGE_BYTES = KafkaSettings.DEFAULT_MAX_RECORD_BYTES + FRAMING_BYTES;

    /** Compacted: raw and mapped topics hold the current state of each table, which makes replay possible. */
    public static final Map<String, String> COMPACTED = compacted(MAX_MESSAGE_BYTES);

    /** Dead letters: deleted after 30 days. */
    public static final Map<String, String> DEAD_LETTERS = deadLetters(MAX_MESSAGE_BYTES);

    /** Settings of a compacted topic taking records up to {@code maxMessageBytes}. */
    public static Map<String, String> compacted(int maxMessageBytes) {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, String.valueOf(60 * 60 * 1000L),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxMessageBytes));
    }

    /** Settings of a dead-letter topic (30 days) taking records up to {@code maxMessageBytes}. */
    public static Map<String, String> deadLetters(int maxMessageBytes) {
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(30L * 24 * 60 * 60 * 1000),
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxMessageBytes));
    }

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
