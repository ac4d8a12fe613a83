package dev.ferry.capture;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Struct;

/**
 * Tells when Debezium's one-pass snapshot read of a table starts again. Debezium repeats an
 * interrupted initial snapshot from the first row and then streams from the new read's start, so
 * the rows of the earlier read that the source deleted in between would stay in the target.
 * A read starts again exactly when the first snapshot row of a table in an engine run finds the
 * table's raw topic already holding records: a fresh read writes into an empty topic (the first
 * snapshot of a source runs before anything streams), and a chunked or re-snapshot read is
 * incremental ({@code source.snapshot = incremental}), never counted here. Then capture writes a
 * snapshot restart marker ({@link dev.ferry.schemas.Truncates}) before that row.
 * Used by the engine's thread only.
 */
final class SnapshotRestarts {

    private final ToLongFunction<String> recordsIn;
    private final Set<String> readThisRun = new HashSet<>();

    /** @param recordsIn how many records a raw topic holds (its end offsets added up) */
    SnapshotRestarts(ToLongFunction<String> recordsIn) {
        this.recordsIn = recordsIn;
    }

    /** Counts the records of a raw topic through {@code admin} (a Kafka that fails stops the batch: read again). */
    static SnapshotRestarts inKafka(Admin admin) {
        return new SnapshotRestarts(topic -> {
            try {
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                return admin.listOffsets(latest).all().get().values().stream()
                        .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
            } catch (ExecutionException e) {
                throw new CaptureException("cannot read the end offsets of " + topic + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaptureException("interrupted reading the end offsets of " + topic, e);
            }
        });
    }

    /** A new engine starts: a snapshot it reads is a new read of each table. */
    void engineStarting() {
        readThisRun.clear();
    }

    /**
     * Whether {@code envelope}, a change of {@code table} on {@code topic}, is the first row of a
     * one-pass snapshot read that repeats an earlier one, so that a restart marker must come before it.
     */
    boolean restartsAt(String topic, String table, Struct envelope) {
        if (!isOnePassRead(envelope) || !readThisRun.add(table)) {
            return false;
        }
        return recordsIn.applyAsLong(topic) > 0;
    }

    /** A row of Debezium's initial (one-pass) snapshot: op {@code r}, not an incremental snapshot's. */
    static boolean isOnePassRead(Struct envelope) {
        if (envelope.schema().field("op") == null || !"r".equals(envelope.getString("op"))) {
            return false;
        }
        Struct source = envelope.schema().field("source") == null ? null : envelope.getStruct("source");
        Object snapshot = source == null || source.schema().field("snapshot") == null ? null : source.get("snapshot");
        return !"incremental".equals(String.valueOf(snapshot));
    }
}
