package dev.ferry.ops.status;

import dev.ferry.schemas.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records between two offsets of a partition. Offsets alone overcount on topics written
 * in transactions (the mapped topics): each commit leaves a marker that takes an offset but is no
 * record, so a sink that read everything would still look one behind per transaction. A small gap
 * is therefore read (committed records only) and counted; a large one is taken as it is.
 */
final class ExactLag implements AutoCloseable {

    /** Gaps up to this many offsets are read and counted. */
    static final long READ_AT_MOST = 50;

    private final KafkaConsumer<byte[], byte[]> consumer;

    ExactLag(KafkaSettings kafka) {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-lag");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Records in {@code [from, end)} of the partition; never negative. */
    long records(TopicPartition partition, long from, long end) {
        long gap = Math.max(0, end - from);
        if (gap == 0 || gap > READ_AT_MOST) {
            return gap;
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        long count = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (consumer.position(partition) < end && System.nanoTime() < deadline) {
            count += consumer.poll(Duration.ofMillis(200)).records(partition).stream()
                    .filter(r -> r.offset() < end).count();
        }
        return consumer.position(partition) < end ? gap : count;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
