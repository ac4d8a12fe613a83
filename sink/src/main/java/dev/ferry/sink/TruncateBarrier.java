package dev.ferry.sink;

import dev.ferry.schemas.FerryHeaders;
import dev.ferry.schemas.Truncates;
import dev.ferry.sink.error.ErrorCause;
import dev.ferry.sink.error.ErrorReporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a source truncate in its place among the changes of its table, whose rows travel through
 * several partitions. Capture writes a marker into every partition of the raw topic and the transform
 * keeps each record's partition number, so in every partition of the mapped topic the changes before
 * the truncate come before its marker and the changes after it come after (see
 * {@link dev.ferry.schemas.Truncates}). A partition that reaches its marker is paused just past it;
 * once every partition of the topic reached its marker, every change before the truncate has been
 * applied and none after it: the truncate is applied then, and the partitions go on.
 *
 * <p>Until then a held partition's commit stays at its marker, and the truncate and the commit past
 * every marker of the table happen before any change after it is read, so a crash anywhere reads
 * the markers again and applies the truncate again (which changes nothing more).
 *
 * <p>The barrier needs every partition of the table in this consumer. A marker the sink cannot put
 * in its place is dead-lettered with the reason: when the raw and mapped topics have different
 * partition counts, or when another sink instance of the target holds some of the partitions.
 * Used by the sink thread only.
 */
final class TruncateBarrier {

    private static final Logger LOG = LoggerFactory.getLogger(TruncateBarrier.class);

    /**
     * A truncate every partition of its topic reached.
     *
     * @param softDeleteColumn null to empty the table, else the column that marks every row deleted
     * @param marker the last marker read, for a dead letter
     */
    record Truncation(String table, String softDeleteColumn, ConsumerRecord<byte[], byte[]> marker,
                      List<TopicPartition> partitions) {

        /** Whether this is a snapshot restart (Ferry's own, see {@link Truncates}) rather than a source truncate. */
        boolean restart() {
            return Truncates.isRestartKey(marker.key());
        }
    }

    private final TruncateMode mode;
    private final String target;
    private final ErrorReporter reporter;
    private final SinkProgress progress;
    private final SinkMetrics metrics;
    /** Per topic: the held partitions and the offset of their marker. */
    private final Map<String, Map<TopicPartition, Long>> held = new HashMap<>();
    private final Map<String, ConsumerRecord<byte[], byte[]>> lastMarker = new HashMap<>();
    private final Set<String> ignoreLogged = new HashSet<>();

    TruncateBarrier(TruncateMode mode, String target, ErrorReporter reporter, SinkProgress progress, SinkMetrics metrics) {
        this.mode = mode;
        this.target = target;
        this.reporter = reporter;
        this.progress = progress;
        this.metrics = metrics;
    }

    /** Whether records of this partition wait for a truncate (later records of a poll are read again). */
    boolean holds(TopicPartition partition) {
        Map<TopicPartition, Long> h = held.get(partition.topic());
        return h != null && h.containsKey(partition);
    }

    /**
     * A marker of {@code table} was read: hold its partition, or ignore or dead-letter it. A snapshot
     * restart is not a source truncate: {@code truncate: ignore} does not keep the rows of the
     * interrupted read (a mapping's {@code delete: ignore} does, as it keeps deleted rows).
     */
    void reached(Consumer<byte[], byte[]> consumer, ConsumerRecord<byte[], byte[]> marker, String table) {
        String effect = ChangeDecoder.header(marker, FerryHeaders.TRUNCATE_EFFECT);
        if (Truncates.isRestartKey(marker.key())) {
            if ("ignore".equals(effect)) {
                if (marker.partition() == 0) {
                    LOG.info("target {}: the snapshot of table {} started again ({}); the mapping's delete: ignore keeps"
                            + " the rows read before", target, table, describe(marker));
                }
                return;
            }
        } else if (mode == TruncateMode.IGNORE || "ignore".equals(effect)) {
            ignore(marker, table, mode == TruncateMode.IGNORE ? "truncate: ignore" : "the mapping's delete: ignore");
            return;
        }
        int partitions = consumer.partitionsFor(marker.topic()).size();
        String raw = ChangeDecoder.header(marker, FerryHeaders.TRUNCATE_PARTITIONS);
        List<Integer> assigned = consumer.assignment().stream().filter(p -> p.topic().equals(marker.topic()))
                .map(TopicPartition::partition).sorted().toList();
        if (raw == null || !raw.equals(Integer.toString(partitions))) {
            refuse(marker, table, "its raw topic has " + (raw == null ? "an unknown number of" : raw) + " partitions and "
                    + marker.topic() + " has " + partitions + ", so the changes around it cannot be told apart; give both"
                    + " topics the same number of partitions");
            return;
        }
        if (assigned.size() != partitions) {
            refuse(marker, table, "this sink instance holds partitions " + assigned + " of the " + partitions + " of "
                    + marker.topic() + "; a truncate is applied in order only by a sink holding all of them"
                    + " (run one sink instance per target)");
            return;
        }
        TopicPartition partition = new TopicPartition(marker.topic(), marker.partition());
        consumer.pause(List.of(partition));
        consumer.seek(partition, marker.offset() + 1);
        held.computeIfAbsent(marker.topic(), t -> new HashMap<>()).put(partition, marker.offset());
        lastMarker.put(marker.topic(), marker);
    }

    /** The truncates whose every partition reached its marker, to apply now (then {@link #release}). */
    List<Truncation> complete(Consumer<byte[], byte[]> consumer, Map<String, String> tablesByTopic) {
        List<Truncation> ready = new ArrayList<>();
        for (var e : held.entrySet()) {
            if (e.getValue().size() == consumer.partitionsFor(e.getKey()).size()) {
                ConsumerRecord<byte[], byte[]> marker = lastMarker.get(e.getKey());
                String effect = ChangeDecoder.header(marker, FerryHeaders.TRUNCATE_EFFECT);
                String column = effect != null && effect.startsWith("soft:") ? effect.substring("soft:".length()) : null;
                ready.add(new Truncation(tablesByTopic.getOrDefault(e.getKey(), e.getKey()), column, marker,
                        List.copyOf(e.getValue().keySet())));
            }
        }
        return ready;
    }

    /** The truncate was applied (or dead-lettered): its partitions go on past their markers. */
    void release(Consumer<byte[], byte[]> consumer, Truncation t, boolean applied) {
        held.remove(t.marker().topic());
        lastMarker.remove(t.marker().topic());
        consumer.resume(t.partitions());
        if (applied && t.restart()) {
            LOG.info("target {}: the snapshot of table {} started again: the rows of the interrupted read {} ({})", target,
                    t.table(), t.softDeleteColumn() == null ? "removed" : "marked deleted in " + t.softDeleteColumn(),
                    describe(t.marker()));
        } else if (applied) {
            progress.truncated(t.table(), true);
            metrics.recordTruncate(target, t.table(), "applied");
            LOG.info("target {}: table {} truncated{} ({})", target, t.table(),
                    t.softDeleteColumn() == null ? "" : " (every row marked deleted in " + t.softDeleteColumn() + ")",
                    describe(t.marker()));
        }
    }

    /** The offset of {@code partition} that may be committed: never past a held marker. */
    long commitable(TopicPartition partition, long offset) {
        Map<TopicPartition, Long> h = held.get(partition.topic());
        Long marker = h == null ? null : h.get(partition);
        return marker == null ? offset : Math.min(offset, marker);
    }

    /**
     * Partitions were revoked: every wait starts over. Held partitions this consumer keeps read their
     * marker again; the others are read from their committed offset (at most the marker) by their new owner.
     */
    void reset(Consumer<byte[], byte[]> consumer, Collection<TopicPartition> revoked) {
        for (Map<TopicPartition, Long> h : held.values()) {
            h.forEach((partition, offset) -> {
                if (!revoked.contains(partition) && consumer.assignment().contains(partition)) {
                    consumer.seek(partition, offset);
                    consumer.resume(List.of(partition));
                }
            });
        }
        held.clear();
        lastMarker.clear();
    }

    private void ignore(ConsumerRecord<byte[], byte[]> marker, String table, String why) {
        // One truncate has a marker in every partition: count it once, at partition 0.
        if (marker.partition() != 0) {
            return;
        }
        progress.truncated(table, false);
        metrics.recordTruncate(target, table, "ignored");
        if (ignoreLogged.add(table)) {
            LOG.warn("target {}: TRUNCATE of table {} ({}) left alone by {}: the target keeps its rows; further truncates of"
                    + " this table are counted (ferry_truncates_total{outcome=\"ignored\"}, /status), not logged",
                    target, table, describe(marker), why);
        }
    }

    private void refuse(ConsumerRecord<byte[], byte[]> marker, String table, String why) {
        String what = Truncates.what(marker.key());
        String message = "table " + table + ": " + what + " (" + describe(marker) + ") not applied in target " + target
                + ": " + why + "; the target still holds the rows the " + what + " removes (ferry verify lists them)";
        reporter.report(marker, new IllegalStateException(message), message, ErrorCause.UNKNOWN, 1);
        progress.deadLettered(table, message);
        metrics.recordDeadLetter(target, table, ErrorCause.UNKNOWN.header());
    }

    private static String describe(ConsumerRecord<byte[], byte[]> marker) {
        String position = ChangeDecoder.header(marker, FerryHeaders.SOURCE_POSITION);
        return (position == null ? "" : "source position " + position + ", ") + marker.topic() + "-" + marker.partition()
                + "@" + marker.offset();
    }
}
