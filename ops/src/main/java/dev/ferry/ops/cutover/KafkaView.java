package dev.ferry.ops.cutover;

import dev.ferry.schemas.kafka.KafkaSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What cutover reads from Kafka: how far behind a consumer group is on its topics (committed
 * offsets against the last committed records), how many records topics hold, and whether a group
 * has live members.
 */
final class KafkaView implements AutoCloseable {

    private final Admin admin;
    private final Map<String, Object> bootstrap;

    KafkaView(KafkaSettings kafka) {
        this.bootstrap = kafka.clientConfig();
        this.admin = Admin.create(kafka.clientConfig());
    }

    /**
     * Records on {@code topics} the group has not committed yet (a partition the group never
     * committed counts from its beginning).
     */
    long lag(String group, Collection<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> end = offsets(topics, OffsetSpec.latest());
            Map<TopicPartition, Long> begin = offsets(topics, OffsetSpec.earliest());
            long lag = 0;
            for (var e : end.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long from = c == null ? begin.get(e.getKey()) : c.offset();
                lag += Math.max(0, e.getValue() - from);
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the lag of group " + group + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Records the topics hold now, counted by reading them (committed records only: offsets alone
     * would also count the transaction markers of transactional writers). For small topics such as
     * dead-letter topics.
     */
    long records(Collection<String> topics) {
        Map<TopicPartition, Long> end = offsets(topics, OffsetSpec.latest());
        if (end.isEmpty()) {
            return 0;
        }
        Map<String, Object> config = new HashMap<>(bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(end.keySet());
            consumer.seekToBeginning(end.keySet());
            while (end.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                count += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        return count;
    }

    /** Sum of the end offsets of the topics: grows whenever anything is written to them. */
    long endOffsets(Collection<String> topics) {
        return offsets(topics, OffsetSpec.latest()).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether the group has members now (a pipeline stage is running). */
    boolean hasMembers(String group) {
        try {
            return !admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().isEmpty();
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Map<TopicPartition, Long> offsets(Collection<String> topics, OffsetSpec spec) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            var descriptions = admin.describeTopics(topics.stream().filter(existing::contains).toList())
                    .allTopicNames().get();
            descriptions.forEach((name, d) -> d.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), spec)));
            Map<TopicPartition, Long> result = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                    .forEach((tp, info) -> result.put(tp, info.offset()));
            return result;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read offsets of " + topics + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
