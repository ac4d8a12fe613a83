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
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Changes that failed on a foreign key ("the parent is not there yet"), held aside while the sink
 * keeps consuming, and tried again after each batch until they apply or their patience runs out.
 * Later changes of a parked row wait behind it, so the order per row is kept. The consumer offset
 * of a partition may only move up to (excluding) its lowest parked record: a crash then reads the
 * parked records again.
 *
 * <p>Bounded: at most {@code maxRows} changes and {@code maxBytes} bytes (key and value as they came
 * from Kafka); {@link #park} refuses beyond, and the caller dead-letters the change saying so
 * ({@link #fullReason()}). Bookkeeping is cheap: whether a row is parked is a hash lookup, the lowest
 * parked offset of a partition a sorted-map lookup. Not thread-safe: the sink thread owns it.
 */
final class ParkingLot {

    /** One parked change and when it first failed (or, for one waiting behind another, when it arrived). */
    record Parked(Change change, Instant since) {
    }

    private final Duration patience;
    private final int maxRows;
    private final long maxBytes;
    private final Clock clock;
    private final List<Parked> parked = new ArrayList<>();
    private final Map<List<Object>, Integer> parkedKeys = new HashMap<>();
    /** Per partition: parked offsets and how many changes of each (the lowest is what limits commits). */
    private final Map<TopicPartition, TreeMap<Long, Integer>> offsets = new HashMap<>();
    private long bytes;

    /** With the default bounds of {@link SinkLimits#DEFAULTS}. */
    ParkingLot(Duration patience, Clock clock) {
        this(patience, SinkLimits.DEFAULTS.parkingMaxRows(), SinkLimits.DEFAULTS.parkingMaxBytes(), clock);
    }

    /**
     * @param patience how long a change may wait for its parent before it is dead-lettered; zero
     *     means never park (a foreign-key violation is dead-lettered at once)
     * @param maxRows most changes held
     * @param maxBytes most bytes held (key and value of the Kafka records)
     */
    ParkingLot(Duration patience, int maxRows, long maxBytes, Clock clock) {
        this.patience = patience;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
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

    /**
     * Parks {@code change}, waiting since {@code since}, unless the lot is full.
     *
     * @return false when parking it would pass {@code maxRows} or {@code maxBytes}: nothing changed
     */
    boolean park(Change change, Instant since) {
        long size = size(change);
        if (parked.size() >= maxRows || bytes + size > maxBytes) {
            return false;
        }
        add(new Parked(change, since), size);
        return true;
    }

    /** Why {@link #park} refused: the bounds and what the lot holds. */
    String fullReason() {
        return "the foreign-key parking lot is full (" + parked.size() + " changes, " + bytes + " bytes; bounds "
                + "parking-max-rows " + maxRows + ", parking-max-mb " + (maxBytes >> 20) + ")";
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
        offsets.clear();
        bytes = 0;
        return all;
    }

    boolean isEmpty() {
        return parked.isEmpty();
    }

    int size() {
        return parked.size();
    }

    /** Bytes held (keys and values of the parked records). */
    long bytes() {
        return bytes;
    }

    /** The lowest parked offset of {@code partition}, if any change of it is parked. */
    Optional<Long> lowestOffset(TopicPartition partition) {
        TreeMap<Long, Integer> held = offsets.get(partition);
        return held == null || held.isEmpty() ? Optional.empty() : Optional.of(held.firstKey());
    }

    /** Drops the changes of partitions this consumer lost: their new owner reads them again from the committed offset. */
    void drop(Collection<TopicPartition> partitions) {
        List<Parked> kept = new ArrayList<>();
        for (Parked p : parked) {
            if (!partitions.contains(partition(p.change()))) {
                kept.add(p);
            }
        }
        takeAll();
        kept.forEach(p -> add(p, size(p.change())));
    }

    private void add(Parked p, long size) {
        parked.add(p);
        parkedKeys.merge(rowKey(p.change()), 1, Integer::sum);
        offsets.computeIfAbsent(partition(p.change()), k -> new TreeMap<>())
                .merge(p.change().origin().offset(), 1, Integer::sum);
        bytes += size;
    }

    private static TopicPartition partition(Change change) {
        return new TopicPartition(change.origin().topic(), change.origin().partition());
    }

    private static long size(Change change) {
        byte[] key = change.origin().key();
        byte[] value = change.origin().value();
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }

    private static List<Object> rowKey(Change change) {
        return List.of(change.table(), change.keyValues());
    }
}
