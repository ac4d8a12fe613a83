package dev.ferry.ops.replay;

import dev.ferry.ops.status.KafkaInspector;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Rewinds a consumer group (a sink's, or the transform's Kafka Streams application) on its input
 * topics, through the Admin API. Refuses while the group has active members: moving the offsets
 * of a running consumer either fails or is silently overwritten by its next commit.
 */
public final class GroupReset {

    private final KafkaInspector kafka;

    public GroupReset(KafkaInspector kafka) {
        this.kafka = kafka;
    }

    /**
     * The active members of a group, described for a person ({@code client-id@host}); empty when
     * the group is empty or does not exist.
     */
    public List<String> activeMembers(String group) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            ConsumerGroupDescription d = kafka.admin().describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(20, TimeUnit.SECONDS);
            return d.members().stream().map(m -> m.clientId() + "@" + m.host()).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * Moves the group's committed offsets on every partition of {@code topics} to {@code from}.
     *
     * @return records the group will read again (offsets, summed over partitions)
     */
    public long rewind(String group, List<String> topics, From from) throws InterruptedException, ExecutionException,
            TimeoutException {
        List<TopicPartition> partitions = kafka.partitions(topics);
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> end = kafka.offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> target = from.earliest()
                ? kafka.offsets(partitions, OffsetSpec.earliest())
                : kafka.offsets(partitions, OffsetSpec.forTimestamp(from.timestamp().toEpochMilli()));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long records = 0;
        for (TopicPartition p : partitions) {
            long offset = target.get(p) < 0 ? end.get(p) : target.get(p);
            offsets.put(p, new OffsetAndMetadata(offset));
            records += end.get(p) - offset;
        }
        kafka.admin().alterConsumerGroupOffsets(group, offsets).all().get(60, TimeUnit.SECONDS);
        return records;
    }

    /** Deletes topics of a Kafka Streams application's own (changelog and repartition topics). */
    public List<String> deleteInternalTopics(String applicationId) throws InterruptedException, ExecutionException,
            TimeoutException {
        Set<String> all = kafka.admin().listTopics().names().get(20, TimeUnit.SECONDS);
        List<String> internal = all.stream().filter(t -> t.startsWith(applicationId + "-"))
                .filter(t -> t.endsWith("-changelog") || t.endsWith("-repartition")).sorted().toList();
        if (!internal.isEmpty()) {
            kafka.admin().deleteTopics(internal).all().get(60, TimeUnit.SECONDS);
        }
        return internal;
    }

    /**
     * Where to rewind to.
     *
     * @param timestamp the first record time to read again; null means earliest
     */
    public record From(Instant timestamp) {

        public static final From EARLIEST = new From(null);

        public boolean earliest() {
            return timestamp == null;
        }

        /**
         * Parses {@code earliest}, an ISO-8601 instant ({@code 2026-11-23T10:00:00Z}) or epoch milliseconds.
         *
         * @throws IllegalArgumentException naming the text otherwise
         */
        public static From parse(String text) {
            if (text == null || text.equalsIgnoreCase("earliest")) {
                return EARLIEST;
            }
            try {
                return new From(Instant.parse(text));
            } catch (DateTimeParseException e) {
                try {
                    return new From(Instant.ofEpochMilli(Long.parseLong(text)));
                } catch (NumberFormatException n) {
                    throw new IllegalArgumentException("--from must be earliest, an ISO-8601 instant "
                            + "(2026-11-23T10:00:00Z) or epoch milliseconds, got '" + text + "'");
                }
            }
        }

        @Override
        public String toString() {
            return earliest() ? "earliest" : timestamp.toString();
        }
    }
}
