package dev.ferry.ops.status;

import java.time.Instant;
import java.util.Map;

/**
 * What Kafka says about a pipeline at one moment, whether or not it runs: records per topic,
 * consumer lag per group and topic, active members per group.
 *
 * @param at when it was read
 * @param topicRecords records held per existing Ferry topic (end offset minus start offset, summed over partitions)
 * @param lag records still to read per group and input topic (transaction markers not counted)
 * @param members active members per consumer group (0 when the group is empty or unknown)
 */
public record KafkaSnapshot(Instant at, Map<String, Long> topicRecords, Map<GroupTopic, Long> lag,
                            Map<String, Integer> members) {

    public KafkaSnapshot {
        topicRecords = Map.copyOf(topicRecords);
        lag = Map.copyOf(lag);
        members = Map.copyOf(members);
    }

    /** Records in a topic, 0 when it does not exist. */
    public long records(String topic) {
        return topicRecords.getOrDefault(topic, 0L);
    }

    /** Lag of a group on one topic, 0 when unknown. */
    public long lag(String group, String topic) {
        return lag.getOrDefault(new GroupTopic(group, topic), 0L);
    }

    /** Lag of a group over all its topics. */
    public long lag(String group) {
        return lag.entrySet().stream().filter(e -> e.getKey().group().equals(group)).mapToLong(Map.Entry::getValue).sum();
    }

    /** A consumer group and one topic it reads. */
    public record GroupTopic(String group, String topic) {
    }
}
