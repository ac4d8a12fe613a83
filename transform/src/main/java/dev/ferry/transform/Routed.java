package dev.ferry.transform;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * A key on its way out of the topology, with the partition its raw record came from. A mapped
 * record goes to the same partition number of the mapped topic as its raw record had (modulo the
 * mapped topic's partition count): the mapped key is a function of the source key, so the changes
 * of one row still share one partition, and a truncate marker, written by capture into every raw
 * partition, stays between the same changes in the mapped topic (see {@link dev.ferry.schemas.Truncates}).
 *
 * @param key the serialized key
 * @param rawPartition the raw record's partition, or -1 for the producer's own choice (dead letters)
 */
record Routed(byte[] key, int rawPartition) {

    /** Serializes the key bytes alone. */
    static Serde<Routed> serde() {
        return Serdes.serdeFrom((topic, routed) -> routed == null ? null : routed.key(),
                (topic, bytes) -> bytes == null ? null : new Routed(bytes, -1));
    }

    /** Sends a record to its raw partition's number. */
    static StreamPartitioner<Routed, byte[]> samePartition() {
        return (topic, key, value, numPartitions) -> key == null || key.rawPartition() < 0 ? Optional.empty()
                : Optional.of(Set.of(key.rawPartition() % numPartitions));
    }
}
