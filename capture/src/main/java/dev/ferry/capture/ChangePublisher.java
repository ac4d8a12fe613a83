package dev.ferry.capture;

import dev.ferry.schemas.FerryHeaders;
import dev.ferry.schemas.Truncates;
import java.nio.charset.StandardCharsets;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each batch Debezium hands over to the raw topics, and tells Debezium a record is
 * processed only after Kafka acknowledged it and every record before it. Debezium commits source
 * offsets only for processed records, so an offset never runs ahead of what Kafka holds.
 */
final class ChangePublisher implements DebeziumEngine.ChangeConsumer<ChangeEvent<SourceRecord, SourceRecord>> {

    private static final Logger LOG = LoggerFactory.getLogger(ChangePublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final RecordEncoder encoder;
    private final Map<String, String> tablesByTopic;
    private final CaptureProgress progress;
    private final TooLargeChanges tooLarge;
    private final SnapshotRestarts restarts;

    /**
     * @param tablesByTopic raw topic to {@code schema.table}; records for other topics (heartbeats) are skipped
     * @param tooLarge where changes above the record size limit go instead of their raw topic
     * @param restarts tells when a one-pass snapshot read starts again (a restart marker goes first)
     */
    ChangePublisher(Producer<byte[], byte[]> producer, RecordEncoder encoder, Map<String, String> tablesByTopic,
                    CaptureProgress progress, TooLargeChanges tooLarge, SnapshotRestarts restarts) {
        this.producer = producer;
        this.encoder = encoder;
        this.tablesByTopic = tablesByTopic;
        this.progress = progress;
        this.tooLarge = tooLarge;
        this.restarts = restarts;
    }

    /** A new engine starts: its snapshot reads are new reads (see {@link SnapshotRestarts}). */
    void engineStarting() {
        restarts.engineStarting();
    }

    @Override
    public void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> events,
                            DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        List<Published> acks = new ArrayList<>(events.size());
        List<Runnable> observations = new ArrayList<>(events.size());
        for (ChangeEvent<SourceRecord, SourceRecord> event : events) {
            SourceRecord r = event.value();
            String table = tablesByTopic.get(r.topic());
            if (table == null) {
                continue;
            }
            if (r.value() instanceof Struct envelope && restarts.restartsAt(r.topic(), table, envelope)) {
                // Before the new read's first row: the sink removes what the interrupted read wrote.
                LOG.info("snapshot of {} started again: a restart marker in every partition of {} before its first row",
                        table, r.topic());
                byte[] restartKey = Truncates.restartKey();
                byte[] restartValue = Truncates.restartValue(table);
                sendMarkers(r, table, restartKey, restartValue, restartKey.length + restartValue.length, acks);
            }
            boolean truncate = r.key() == null && isTruncate(r);
            byte[] key = truncate ? Truncates.key() : encoder.encode(r.topic(), table, true, r.keySchema(), r.key());
            byte[] value = encoder.encode(r.topic(), table, false, r.valueSchema(), r.value());
            long bytes = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
            if (truncate) {
                sendMarkers(r, table, key, value, bytes, acks);
            } else if (tooLarge.exceeds(bytes)) {
                acks.add(new Published(r, table, key, bytes, null,
                        tooLarge.deadLetter(r, table, key, bytes, "refused by capture before sending")));
            } else {
                acks.add(new Published(r, table, key, bytes, producer.send(new ProducerRecord<>(r.topic(), key, value)), null));
            }
            if (r.value() instanceof Struct envelope) {
                observations.add(() -> observe(table, envelope));
            }
        }
        awaitAcknowledged(acks);
        observations.forEach(Runnable::run);
        for (ChangeEvent<SourceRecord, SourceRecord> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /**
     * One marker in every partition: each partition then says where the truncate (or snapshot
     * restart) falls among its own changes (see Truncates).
     */
    private void sendMarkers(SourceRecord r, String table, byte[] key, byte[] value, long bytes, List<Published> acks) {
        int partitions = producer.partitionsFor(r.topic()).size();
        for (int p = 0; p < partitions; p++) {
            var marker = new ProducerRecord<>(r.topic(), p, key, value);
            marker.headers().add(FerryHeaders.TRUNCATE_PARTITIONS,
                    Integer.toString(partitions).getBytes(StandardCharsets.UTF_8));
            acks.add(new Published(r, table, key, bytes, producer.send(marker), null));
        }
    }

    private static boolean isTruncate(SourceRecord r) {
        return r.value() instanceof Struct envelope && envelope.schema().field("op") != null
                && "t".equals(envelope.getString("op"));
    }

    /**
     * Waits for every change of the batch. A change Kafka refuses as too large (a topic or broker
     * limit below Ferry's) is dead-lettered like one capture refused itself; any other failure stops
     * the engine.
     */
    private void awaitAcknowledged(List<Published> acks) throws InterruptedException {
        for (Published p : acks) {
            if (p.deadLetter() != null) {
                await(p.deadLetter(), "the dead letter of a change too large for Kafka");
                progress.tooLarge(p.table());
                continue;
            }
            try {
                p.ack().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RecordTooLargeException)) {
                    // Nothing of this batch is marked processed: the engine stops and is restarted from
                    // the last committed offset, so the batch is read again.
                    throw new CaptureException("Kafka did not acknowledge a change: " + e.getCause().getMessage(), e.getCause());
                }
                await(tooLarge.deadLetter(p.change(), p.table(), p.key(), p.bytes(),
                        "refused by Kafka: " + e.getCause().getMessage()), "the dead letter of a change too large for Kafka");
                progress.tooLarge(p.table());
            }
        }
    }

    private static void await(Future<RecordMetadata> ack, String what) throws InterruptedException {
        try {
            ack.get();
        } catch (ExecutionException e) {
            throw new CaptureException("Kafka did not acknowledge " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** One change of a batch: sent to its raw topic ({@code ack}) or to the dead letters ({@code deadLetter}). */
    private record Published(SourceRecord change, String table, byte[] key, long bytes,
                             Future<RecordMetadata> ack, Future<RecordMetadata> deadLetter) {
    }

    private void observe(String table, Struct envelope) {
        Struct source = envelope.schema().field("source") == null ? null : envelope.getStruct("source");
        String snapshot = source == null || source.schema().field("snapshot") == null ? null : source.getString("snapshot");
        Object position = null;
        if (source != null && source.schema().field("lsn") != null) {
            position = source.get("lsn");
        } else if (source != null && source.schema().field("file") != null && source.schema().field("pos") != null) {
            position = source.get("file") + ":" + source.get("pos");
        }
        String op = envelope.schema().field("op") == null ? null : envelope.getString("op");
        progress.published(table, op, snapshot, position == null ? null : position.toString());
    }
}
