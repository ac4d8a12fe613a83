package dev.ferry.ops.dlq;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends dead letters back to the input of the stage that failed them (their {@code ferry.origin.topic}
 * and partition): transform dead letters to their raw topic, sink dead letters to their mapped topic.
 * The record keeps its original headers and {@code ferry.attempts} (so a new failure counts on),
 * loses the other dead-letter headers, and gains {@code ferry.redriven.from}. A dead letter already
 * re-driven is skipped unless {@code again}. A dead letter whose row has a newer change after it
 * in its origin partition ({@link Supersessions}) is never sent, whatever {@code again} and the
 * sink's {@code conflict} setting: it is recorded as discarded, with the newer change named.
 *
 * <p>Each batch is marked as re-driven only after Kafka acknowledged it; a crash in between can
 * send a batch twice, which the sink's upserts make harmless.
 */
public final class Redriver {

    /** Header naming the dead letter ({@code <topic>/<partition>/<offset>}) a record was re-driven from. */
    public static final String REDRIVEN_FROM = "ferry.redriven.from";

    private static final int BATCH = 500;
    private static final String CAPTURE = "capture";
    private static final Set<String> DROPPED = Set.of(DeadLetterHeaders.STAGE, DeadLetterHeaders.ERROR_CLASS,
            DeadLetterHeaders.ERROR_MESSAGE, DeadLetterHeaders.ERROR_CAUSE, DeadLetterHeaders.ERROR_SEVERITY,
            DeadLetterHeaders.RULE, DeadLetterHeaders.ORIGIN_TOPIC, DeadLetterHeaders.ORIGIN_PARTITION,
            DeadLetterHeaders.ORIGIN_OFFSET, DeadLetterHeaders.TARGET, DeadLetterHeaders.FAILED_AT, REDRIVEN_FROM);

    private final KafkaSettings kafka;

    public Redriver(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    /**
     * @param progress receives a line after each batch ("redrive: 500 of 1,200 sent")
     * @throws IllegalStateException when Kafka refuses a record; what was sent before stays marked
     */
    public Result redrive(List<DeadLetter> letters, boolean again, Consumer<String> progress) {
        return redrive(letters, again, "the dead-letter topic", progress);
    }

    /**
     * @param from where the letters were read (the dead-letter topic, or the export file), recorded with each
     * @param progress receives a line after each batch ("redrive: 500 of 1,200 sent")
     * @throws IllegalStateException when Kafka refuses a record; what was sent before stays marked
     */
    public Result redrive(List<DeadLetter> letters, boolean again, String from, Consumer<String> progress) {
        return redrive(letters, again, from, Map.of(), progress);
    }

    /**
     * Re-drives the dead letters of an export file ({@code dlq redrive --from-file}): as
     * {@link #redrive(List, boolean, String, Consumer)}, and records for each sink dead letter the
     * target row it writes, so verify can tell a row that differs from its source because it was
     * edited ({@link EditedRows}).
     *
     * @param json renders a dead letter's key as natural JSON (as exported)
     */
    public Result redriveEdited(List<DeadLetter> letters, boolean again, String file,
                                java.util.function.Function<DeadLetter, com.fasterxml.jackson.databind.JsonNode> json,
                                Consumer<String> progress) {
        Map<String, RedrivenLog.EditedRow> rows = new java.util.HashMap<>();
        for (DeadLetter d : letters) {
            String table = EditedRows.targetTable(d);
            String key = table == null ? null : EditedRows.keyText(json.apply(d).get("key"));
            if (key != null) {
                rows.put(d.id(), new RedrivenLog.EditedRow(table, key));
            }
        }
        return redrive(letters, again, file, rows, progress);
    }

    private Result redrive(List<DeadLetter> letters, boolean again, String from, Map<String, RedrivenLog.EditedRow> rows,
                           Consumer<String> progress) {
        RedrivenLog log = new RedrivenLog(kafka);
        Set<String> done = again ? Set.of() : log.load();
        List<DeadLetter> todo = new ArrayList<>();
        int already = 0;
        int noOrigin = 0;
        int tooLarge = 0;
        for (DeadLetter d : letters) {
            if (d.originTopic() == null) {
                noOrigin++;
            } else if (CAPTURE.equals(d.stage())) {
                // A change too large for Kafka: the dead letter holds its key only. Sending it back
                // would publish a null value, a tombstone that erases the row from the compacted raw topic.
                tooLarge++;
            } else if (done.contains(d.id())) {
                already++;
            } else {
                todo.add(d);
            }
        }
        Map<String, String> superseded = Supersessions.find(kafka, todo);
        List<DeadLetter> stale = todo.stream().filter(d -> superseded.containsKey(d.id())).toList();
        todo.removeAll(stale);
        KafkaProducer<byte[], byte[]> producer = RedrivenLog.producer(kafka);
        int sent = 0;
        try {
            for (DeadLetter d : stale) {
                log.discard(List.of(d), "superseded: " + superseded.get(d.id()), producer);
                progress.accept("redrive: " + d.id() + " (table " + d.table() + ") not sent, superseded: "
                        + superseded.get(d.id()));
            }
            for (int i = 0; i < todo.size(); i += BATCH) {
                List<DeadLetter> batch = todo.subList(i, Math.min(todo.size(), i + BATCH));
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (DeadLetter d : batch) {
                    acks.add(producer.send(record(d)));
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
                log.mark(batch, from, rows, producer);
                sent += batch.size();
                progress.accept(String.format("redrive: %,d of %,d sent", sent, todo.size()));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a re-driven record after " + sent + " were sent: "
                    + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted after " + sent + " records were re-driven", e);
        } finally {
            RedrivenLog.close(producer);
        }
        return new Result(sent, already, noOrigin, tooLarge, stale.size());
    }

    /**
     * Marks the pending ones of {@code letters} discarded for {@code reason}; they are no longer
     * counted as pending, and are not re-driven unless {@code --again}.
     *
     * @return how many were discarded (those already re-driven or discarded are left as they are)
     */
    public int discard(List<DeadLetter> letters, String reason) {
        RedrivenLog log = new RedrivenLog(kafka);
        Set<String> settled = log.load();
        List<DeadLetter> pending = letters.stream().filter(d -> !settled.contains(d.id())).toList();
        KafkaProducer<byte[], byte[]> producer = RedrivenLog.producer(kafka);
        try {
            log.discard(pending, reason, producer);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused to record the discard: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted recording the discard", e);
        } finally {
            RedrivenLog.close(producer);
        }
        return pending.size();
    }

    static ProducerRecord<byte[], byte[]> record(DeadLetter d) {
        Headers headers = new RecordHeaders();
        d.headers().forEach((name, value) -> {
            if (!DROPPED.contains(name)) {
                headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            }
        });
        headers.remove(DeadLetterHeaders.ATTEMPTS);
        headers.add(DeadLetterHeaders.ATTEMPTS, Integer.toString(d.attempts()).getBytes(StandardCharsets.UTF_8));
        headers.add(REDRIVEN_FROM, d.id().getBytes(StandardCharsets.UTF_8));
        int partition = d.originPartition();
        return new ProducerRecord<>(d.originTopic(), partition < 0 ? null : partition, null, d.key(), d.value(), headers);
    }

    /**
     * @param sent records sent back
     * @param alreadyRedriven skipped because they were re-driven before (see {@code --again})
     * @param withoutOrigin skipped because they do not say which topic they came from
     * @param tooLarge skipped because capture found them too large for Kafka (they carry no value:
     *     raise {@code kafka.max-record-bytes} and re-snapshot the table instead)
     * @param superseded not sent because a newer change of their row came after them (recorded as discarded)
     */
    public record Result(int sent, int alreadyRedriven, int withoutOrigin, int tooLarge, int superseded) {
    }
}
