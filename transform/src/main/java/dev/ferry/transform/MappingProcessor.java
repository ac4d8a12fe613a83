package dev.ferry.transform;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.FerryHeaders;
import dev.ferry.schemas.avro.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes a raw record, maps it with a {@link RowMapper} and forwards the encoded mapped record
 * with its source headers. A record that cannot be decoded or mapped is forwarded unchanged with
 * dead-letter headers; the topology routes it to the transform dead-letter topic. Nothing thrown
 * here ever stops the application.
 */
final class MappingProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private final TableMapping mapping;
    private final RowMapper mapper;
    private final AvroCodec codec;
    private ProcessorContext<byte[], byte[]> context;

    MappingProcessor(TableMapping mapping, AvroCodec codec) {
        this.mapping = mapping;
        this.mapper = new RowMapper(mapping);
        this.codec = codec;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> raw) {
        Optional<MappedChange> change;
        try {
            GenericRecord key = (GenericRecord) codec.decode(raw.key()).datum();
            GenericRecord value = raw.value() == null ? null : (GenericRecord) codec.decode(raw.value()).datum();
            change = mapper.map(key, value);
        } catch (RuntimeException e) {
            context.forward(deadLetter(raw, e, "decode"));
            return;
        }
        if (change.isEmpty()) {
            return;
        }
        MappedChange c = change.get();
        try {
            byte[] key = codec.encode(mapping.mappedTopic(), true, c.key().getSchema(), c.key());
            byte[] value = c.row() == null ? null : codec.encode(mapping.mappedTopic(), false, c.row().getSchema(), c.row());
            context.forward(new Record<>(key, value, raw.timestamp(), headers(c)));
        } catch (RuntimeException e) {
            context.forward(deadLetter(raw, e, "unknown"));
        }
    }

    private Headers headers(MappedChange c) {
        Headers h = new RecordHeaders();
        put(h, FerryHeaders.OPERATION, c.op());
        put(h, FerryHeaders.SOURCE, mapping.source());
        if (c.position() != null) {
            put(h, FerryHeaders.SOURCE_POSITION, c.position());
        }
        if (c.sourceTsMs() >= 0) {
            put(h, FerryHeaders.SOURCE_TS_MS, Long.toString(c.sourceTsMs()));
        }
        return h;
    }

    private Record<byte[], byte[]> deadLetter(Record<byte[], byte[]> raw, RuntimeException e, String cause) {
        Headers h = new RecordHeaders();
        put(h, DeadLetterHeaders.STAGE, "transform");
        put(h, DeadLetterHeaders.ERROR_CLASS, e.getClass().getName());
        put(h, DeadLetterHeaders.ERROR_MESSAGE, String.valueOf(e.getMessage()));
        put(h, DeadLetterHeaders.ERROR_CAUSE, cause);
        put(h, DeadLetterHeaders.ERROR_SEVERITY, "error");
        context.recordMetadata().ifPresent(m -> {
            put(h, DeadLetterHeaders.ORIGIN_TOPIC, m.topic());
            put(h, DeadLetterHeaders.ORIGIN_PARTITION, Integer.toString(m.partition()));
            put(h, DeadLetterHeaders.ORIGIN_OFFSET, Long.toString(m.offset()));
        });
        put(h, DeadLetterHeaders.TARGET, mapping.target());
        put(h, DeadLetterHeaders.FAILED_AT, Instant.now().toString());
        put(h, DeadLetterHeaders.ATTEMPTS, Integer.toString(previousAttempts(raw.headers()) + 1));
        return new Record<>(raw.key(), raw.value(), raw.timestamp(), h);
    }

    /** The incoming {@code ferry.attempts} of a re-driven record, 0 when absent or malformed. */
    static int previousAttempts(Headers headers) {
        var header = headers.lastHeader(DeadLetterHeaders.ATTEMPTS);
        if (header == null || header.value() == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(new String(header.value(), StandardCharsets.UTF_8).trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void put(Headers h, String name, String value) {
        h.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
