package dev.ferry.capture;

import dev.ferry.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Dead-letters a change that is too large for Kafka instead of publishing it, so one oversize row
 * never blocks the rest of its source. The dead letter goes to {@code <p>.dlq.transform} with
 * {@code ferry.stage=capture} and cause {@code size}: the original key bytes, no value (the value is
 * what did not fit), the raw topic as origin, and a message naming the table, the key, the size and
 * the limit, with what to do. Its headers carry the encoded size in {@link #RECORD_BYTES}.
 */
final class TooLargeChanges {

    /** Header: the encoded size in bytes of the change that was not published. */
    static final String RECORD_BYTES = "ferry.record.bytes";

    private final Producer<byte[], byte[]> producer;
    private final String deadLetterTopic;
    private final String source;
    private final int limit;
    private final Clock clock;

    TooLargeChanges(Producer<byte[], byte[]> producer, String deadLetterTopic, String source, int limit, Clock clock) {
        this.producer = producer;
        this.deadLetterTopic = deadLetterTopic;
        this.source = source;
        this.limit = limit;
        this.clock = clock;
    }

    /** Whether a change of {@code bytes} encoded bytes exceeds the limit capture enforces. */
    boolean exceeds(long bytes) {
        return bytes > limit;
    }

    /**
     * Sends the dead letter of one change that was not published.
     *
     * @param why the refusal: capture's own size check, or Kafka's answer
     * @return the acknowledgement of the dead letter, to await like any publish
     */
    Future<RecordMetadata> deadLetter(SourceRecord change, String table, byte[] key, long bytes, String why) {
        String message = String.format("change of table %s (source %s) with key %s is %,d bytes encoded, above"
                        + " kafka.max-record-bytes (%,d): not published (%s). Raise kafka.max-record-bytes (and the"
                        + " broker's message.max.bytes / socket.request.max.bytes if needed), then re-snapshot the"
                        + " table: ferry snapshot --source %s --table %s",
                table, source, change.key(), bytes, limit, why, source, table);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(deadLetterTopic, key, null);
        Headers h = record.headers();
        put(h, DeadLetterHeaders.STAGE, "capture");
        put(h, DeadLetterHeaders.ERROR_CLASS, "RecordTooLarge");
        put(h, DeadLetterHeaders.ERROR_MESSAGE, message);
        put(h, DeadLetterHeaders.ERROR_CAUSE, "size");
        put(h, DeadLetterHeaders.ERROR_SEVERITY, "error");
        put(h, DeadLetterHeaders.ORIGIN_TOPIC, change.topic());
        put(h, DeadLetterHeaders.FAILED_AT, clock.instant().toString());
        put(h, DeadLetterHeaders.ATTEMPTS, "1");
        put(h, RECORD_BYTES, Long.toString(bytes));
        return producer.send(record);
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
