package dev.ferry.sink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * Changes that failed on a foreign key ("the parent is not there yet"), held aside while the sink
 * keeps consuming, and tried again after each batch until they apply or their patience runs out.
 * Later changes of a parked row wait behind it, so the order per row is kept. The consumer offset
 * of a partition may only move up to (excluding) its lowest parked record: a crash then reads the
 * parked records again. Not thread-safe: the sink thread owns it.
 */
final class ParkingLot {

    /** One parked change and when it first failed (or, for one waiting behind another, when it arrived). */
    record Parked(Change change, Instant since) {
    }

    private final Duration patience;
    private final Clock clock;
    private final List<Parked> parked = new ArrayList<>();
    private final Map<List<Object>, Integer> parkedKeys = new HashMap<>();

    /**
     * @param patience how long a change may wait for its parent before it is dead-lettered; zero
     *     means never park (a foreign-key violation is dead-lettered at once)
     */
    ParkingLot(Duration patience, Clock clock) {
        this.patience = patience;
        this.clock = clock;
    }

    /** Whether foreign-key violations are parked at all. */
    boolean enabled() {
        return !patience.isZero();
    }

    /** Whether a change of the same row is parked (then this one must wait behind it). */
    boolean holdsRowOf(Change change) {
        return parkedKeys.containsKey(rowKey(change));
    }

    /** Parks {@code change}, waiting since {@code since}. */
    void park(Change change, Instant since) {
        parked.add(new Parked(change, since));
        parkedKeys.merge(rowKey(change), 1, Integer::sum);
    }

    /** Whether a change parked since {@code since} has waited its full patience. */
    boolean expired(Instant since) {
        return !clock.instant().isBefore(since.plus(patience));
    }

    /** Removes and returns every parked change, oldest first. */
    List<Parked> takeAll() {
        List<Parked> all = List.copyOf(parked);
        parked.clear();
        parkedKeys.clear();
        return all;
    }

    boolean isEmpty() {
        return parked.isEmpty();
    }

    int size() {
        return parked.size();
    }

    /** The lowest parked offset of {@code partition}, if any change of it is parked. */
    Optional<Long> lowestOffset(TopicPartition partition) {
        return parked.stream()
                .filter(p -> p.change().origin().partition() == partition.partition()
                        && p.change().origin().topic().equals(partition.topic()))
                .map(p -> p.change().origin().offset())
                .min(Long::compare);
    }

    /** Drops the changes of partitions this consumer lost: their new owner reads them again from the committed offset. */
    void drop(Collection<TopicPartition> partitions) {
        List<Parked> kept = new ArrayList<>();
        for (Parked p : parked) {
            if (!partitions.contains(new TopicPartition(p.change().origin().topic(), p.change().origin().partition()))) {
                kept.add(p);
            }
        }
        takeAll();
        kept.forEach(p -> park(p.change(), p.since()));
    }

    private static List<Object> rowKey(Change change) {
        return List.of(change.table(), change.keyValues());
    }
}
