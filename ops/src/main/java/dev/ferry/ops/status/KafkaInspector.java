package dev.ferry.ops.status;

import dev.ferry.ops.dlq.DeadLetterStates;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.TopicNames;
import dev.ferry.transform.TableMapping;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Reads a {@link KafkaSnapshot} of one pipeline through the Admin API: sizes of its raw, mapped
 * and dead-letter topics, lag of the transform application and of each target's sink group, and
 * their active members. Needs no running stage. Not thread-safe; one call at a time.
 */
public final class KafkaInspector implements AutoCloseable {

    private static final long TIMEOUT_SECONDS = 20;

    private final StageConfigs configs;
    private final Admin admin;
    private final ExactLag exact;
    private final RecordCounter counter;

    public KafkaInspector(StageConfigs configs) {
        this.configs = configs;
        this.admin = Admin.create(configs.kafka().clientConfig());
        this.exact = new ExactLag(configs.kafka());
        this.counter = new RecordCounter(configs.kafka());
    }

    /**
     * @throws IllegalStateException when Kafka does not answer within 20 s; the message says what was asked
     */
    public KafkaSnapshot read() {
        TopicNames names = configs.kafka().topics();
        Map<String, List<String>> inputs = groupInputs();
        List<String> wanted = new ArrayList<>();
        inputs.values().forEach(wanted::addAll);
        wanted.add(names.transformDeadLetters());
        configs.ferryConfig().targets().forEach(t -> wanted.add(names.sinkDeadLetters(t.name())));
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<String> topics = wanted.stream().distinct().filter(existing::contains).toList();
            Map<String, TopicDescription> described = topics.isEmpty() ? Map.of()
                    : admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<TopicPartition> partitions = new ArrayList<>();
            described.values().forEach(d -> d.partitions().forEach(
                    p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
            Map<String, Long> records = new LinkedHashMap<>();
            topics.forEach(t -> records.put(t, 0L));
            // Raw topics hold no transaction markers (capture's producer is idempotent, not
            // transactional): offsets are records. Mapped and dead-letter topics are counted.
            List<String> raw = inputs.get(names.transformApplicationId());
            partitions.forEach(p -> records.merge(p.topic(), raw.contains(p.topic()) ? end.get(p) - start.get(p)
                    : counter.records(p, start.get(p), end.get(p)), Long::sum));

            // Dead letters count while pending: re-driven and discarded ones are settled.
            Map<String, Long> settled = DeadLetterStates.settledPerTopic(DeadLetterStates.settled(configs.kafka()));
            List<String> deadLetterTopics = new ArrayList<>(List.of(names.transformDeadLetters()));
            configs.ferryConfig().targets().forEach(t -> deadLetterTopics.add(names.sinkDeadLetters(t.name())));
            deadLetterTopics.stream().filter(records::containsKey).forEach(t ->
                    records.put(t, Math.max(0, records.get(t) - settled.getOrDefault(t, 0L))));

            Map<KafkaSnapshot.GroupTopic, Long> lag = new HashMap<>();
            for (var group : inputs.entrySet()) {
                Map<TopicPartition, OffsetAndMetadata> committed = committed(group.getKey());
                for (TopicPartition p : partitions) {
                    if (!group.getValue().contains(p.topic())) {
                        continue;
                    }
                    OffsetAndMetadata c = committed.get(p);
                    long from = c == null ? start.get(p) : Math.max(c.offset(), start.get(p));
                    long behind = exact.records(p, from, end.get(p));
                    lag.merge(new KafkaSnapshot.GroupTopic(group.getKey(), p.topic()), behind, Long::sum);
                }
            }
            return new KafkaSnapshot(Instant.now(), records, lag, members(inputs.keySet()));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read topic offsets and consumer groups of prefix '"
                    + names.prefix() + "' from Kafka at " + configs.kafka().bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading Kafka", e);
        }
    }

    /**
     * Records {@code group} has still to read on {@code topics} (from its committed offsets, or
     * from the start of a partition it never committed).
     */
    public long lag(String group, List<String> topics) {
        try {
            List<TopicPartition> partitions = partitions(topics);
            Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
            Map<TopicPartition, OffsetAndMetadata> committed = committed(group);
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                long from = c == null ? start.get(p) : Math.max(c.offset(), start.get(p));
                lag += exact.records(p, from, end.get(p));
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of group " + group + " on " + topics + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading Kafka", e);
        }
    }

    /** Every partition of the given topics that exist. */
    public List<TopicPartition> partitions(List<String> topics) throws InterruptedException, ExecutionException,
            TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> present = topics.stream().distinct().filter(existing::contains).toList();
        List<TopicPartition> partitions = new ArrayList<>();
        if (!present.isEmpty()) {
            admin.describeTopics(present).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values()
                    .forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        }
        return partitions;
    }

    /** Consumer group → the topics it reads: the transform application and each target's sink. */
    public Map<String, List<String>> groupInputs() {
        TopicNames names = configs.kafka().topics();
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        List<TableMapping> mappings = configs.tableMappings();
        inputs.put(names.transformApplicationId(), mappings.stream().map(TableMapping::rawTopic).distinct().toList());
        configs.ferryConfig().targets().forEach(t -> inputs.put(names.sinkGroup(t.name()), mappings.stream()
                .filter(m -> m.target().equals(t.name())).map(TableMapping::mappedTopic).distinct().toList()));
        return inputs;
    }

    /** Active members of each group (0 for an empty or unknown group). */
    public Map<String, Integer> members(Set<String> groups) throws InterruptedException, ExecutionException,
            TimeoutException {
        Map<String, Integer> members = new HashMap<>();
        for (String group : groups) {
            try {
                ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                members.put(group, d.members().size());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw e;
                }
                members.put(group, 0);
            }
        }
        return members;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws InterruptedException,
            ExecutionException, TimeoutException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            offsets.forEach((p, o) -> {
                if (o != null) {
                    present.put(p, o);
                }
            });
            return present;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }

    /** The offset of each partition for {@code spec} (earliest, latest, or for a timestamp: -1 when none is that late). */
    public Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
                admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((p, info) -> offsets.put(p, info.offset()));
        return offsets;
    }

    /** The Admin client, for commands that go on to change offsets. */
    public Admin admin() {
        return admin;
    }

    @Override
    public void close() {
        exact.close();
        counter.close();
        admin.close(Duration.ofSeconds(5));
    }
}
