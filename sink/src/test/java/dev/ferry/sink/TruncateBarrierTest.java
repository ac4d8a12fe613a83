package dev.ferry.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.FerryHeaders;
import dev.ferry.schemas.Truncates;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TruncateBarrierTest {

    private static final String TOPIC = "p.fresh.events";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final List<String> deadLetters = new ArrayList<>();
    private final SinkProgress progress = new SinkProgress("fresh");

    @BeforeEach
    void assignTwoPartitions() {
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, node, null, null),
                new PartitionInfo(TOPIC, 1, node, null, null)));
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    private TruncateBarrier barrier(TruncateMode mode) {
        return new TruncateBarrier(mode, "fresh", (record, error, message, cause, attempts) -> deadLetters.add(message),
                progress, SinkMetrics.NONE);
    }

    @Test
    void holdsEachPartitionAtItsMarkerUntilEveryPartitionReachedIt() {
        TruncateBarrier barrier = barrier(TruncateMode.APPLY);
        barrier.reached(consumer, marker(0, 5, "2", "hard"), "events");
        assertTrue(barrier.holds(P0));
        assertFalse(barrier.holds(P1));
        assertEquals(Set.of(P0), consumer.paused());
        assertEquals(6, consumer.position(P0), "read on past the marker after the truncate");
        assertEquals(5, barrier.commitable(P0, 6), "a crash reads the marker again");
        assertEquals(List.of(), barrier.complete(consumer, Map.of(TOPIC, "events")));

        barrier.reached(consumer, marker(1, 9, "2", "hard"), "events");
        List<TruncateBarrier.Truncation> ready = barrier.complete(consumer, Map.of(TOPIC, "events"));
        assertEquals(1, ready.size());
        assertEquals("events", ready.get(0).table());
        assertEquals(null, ready.get(0).softDeleteColumn());
        assertEquals(Set.of(P0, P1), Set.copyOf(ready.get(0).partitions()));

        barrier.release(consumer, ready.get(0), true);
        assertEquals(Set.of(), consumer.paused());
        assertEquals(6, barrier.commitable(P0, 6));
        assertEquals(Map.of("events", 1L), progress.truncated());
        assertEquals(List.of(), deadLetters);
    }

    @Test
    void softDeleteMappingMarksRowsInsteadOfEmptyingTheTable() {
        TruncateBarrier barrier = barrier(TruncateMode.APPLY);
        barrier.reached(consumer, marker(0, 1, "2", "soft:is deleted"), "events");
        barrier.reached(consumer, marker(1, 1, "2", "soft:is deleted"), "events");
        assertEquals(Optional.of("is deleted"), barrier.complete(consumer, Map.of(TOPIC, "events")).stream()
                .map(TruncateBarrier.Truncation::softDeleteColumn).findFirst());
    }

    @Test
    void ignoredTruncateHoldsNothingAndIsCountedOnce() {
        TruncateBarrier barrier = barrier(TruncateMode.IGNORE);
        barrier.reached(consumer, marker(0, 5, "2", "hard"), "events");
        barrier.reached(consumer, marker(1, 5, "2", "hard"), "events");
        assertFalse(barrier.holds(P0));
        assertEquals(Set.of(), consumer.paused());
        assertEquals(Map.of("events", 1L), progress.truncatesIgnored());
        assertEquals(Map.of(), progress.truncated());
    }

    @Test
    void deadLettersAMarkerWhoseRawTopicHasAnotherPartitionCount() {
        TruncateBarrier barrier = barrier(TruncateMode.APPLY);
        barrier.reached(consumer, marker(0, 5, "3", "hard"), "events");
        assertFalse(barrier.holds(P0));
        assertEquals(1, deadLetters.size());
        assertTrue(deadLetters.get(0).startsWith("table events: TRUNCATE (source position 42, p.fresh.events-0@5) not applied"
                + " in target fresh: its raw topic has 3 partitions and p.fresh.events has 2"), deadLetters.get(0));
    }

    @Test
    void deadLettersAMarkerWhenAnotherSinkInstanceHoldsSomePartitions() {
        consumer.assign(List.of(P0));
        TruncateBarrier barrier = barrier(TruncateMode.APPLY);
        barrier.reached(consumer, marker(0, 5, "2", "hard"), "events");
        assertFalse(barrier.holds(P0));
        assertTrue(deadLetters.get(0).contains("this sink instance holds partitions [0] of the 2 of p.fresh.events"),
                deadLetters.get(0));
    }

    @Test
    void revokedPartitionsStartTheWaitOver() {
        TruncateBarrier barrier = barrier(TruncateMode.APPLY);
        barrier.reached(consumer, marker(0, 5, "2", "hard"), "events");
        barrier.reset(consumer, List.of(P1));
        assertFalse(barrier.holds(P0));
        assertEquals(5, consumer.position(P0), "the marker is read again");
        assertEquals(Set.of(), consumer.paused());
    }

    @Test
    void appliesASnapshotRestartUnderTruncateIgnore() {
        TruncateBarrier barrier = barrier(TruncateMode.IGNORE);
        barrier.reached(consumer, restartMarker(0, 5, "hard"), "events");
        barrier.reached(consumer, restartMarker(1, 9, "hard"), "events");
        List<TruncateBarrier.Truncation> ready = barrier.complete(consumer, Map.of(TOPIC, "events"));
        assertEquals(1, ready.size(), "the rows of the interrupted read go, whatever truncate: says");
        assertTrue(ready.get(0).restart());
        barrier.release(consumer, ready.get(0), true);
        assertEquals(Map.of(), progress.truncated(), "not counted as a source truncate");
    }

    @Test
    void aSnapshotRestartUnderDeleteIgnoreKeepsTheRows() {
        TruncateBarrier barrier = barrier(TruncateMode.APPLY);
        barrier.reached(consumer, restartMarker(0, 5, "ignore"), "events");
        assertFalse(barrier.holds(P0));
        assertEquals(List.of(), deadLetters);
    }

    private static ConsumerRecord<byte[], byte[]> restartMarker(int partition, long offset, String effect) {
        ConsumerRecord<byte[], byte[]> m = marker(partition, offset, "2", effect);
        return new ConsumerRecord<>(TOPIC, partition, offset, 0L, TimestampType.CREATE_TIME, 0, 0, Truncates.restartKey(),
                Truncates.restartValue("events"), m.headers(), Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> marker(int partition, long offset, String rawPartitions, String effect) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(FerryHeaders.SOURCE_POSITION, "42".getBytes(StandardCharsets.UTF_8));
        headers.add(FerryHeaders.TRUNCATE_PARTITIONS, rawPartitions.getBytes(StandardCharsets.UTF_8));
        headers.add(FerryHeaders.TRUNCATE_EFFECT, effect.getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>(TOPIC, partition, offset, 0L, TimestampType.CREATE_TIME, 0, 0, Truncates.key(),
                new byte[0], headers, Optional.empty());
    }
}
