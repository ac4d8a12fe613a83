package dev.ferry.transform;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.FerryHeaders;
import dev.ferry.schemas.Truncates;
import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.registry.SchemaRegistryUnavailableException;
import dev.ferry.transform.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes a raw record, hands it to the pure {@link ChangeTransformer}, and forwards what it decided:
 * the encoded mapped record with its source headers, or the original record with dead-letter
 * headers (the topology routes it to the transform dead-letter topic). Counts every outcome.
 * A record that cannot be decoded, mapped or encoded is a dead letter with its cause. Anything else
 * that escapes (an unavailable schema registry once the stage is closing, a fault of Ferry's own)
 * is not the record's fault: it fails the task (Kafka Streams' default processing handler,
 * log-and-fail), the open transaction is aborted, and {@link TransformStage}'s supervisor restarts
 * the stream thread, which processes the record again, or marks the stage FAILED. No record is
 * ever skipped in silence.
 */
final class MappingProcessor implements Processor<byte[], byte[], Routed, byte[]> {

    private final TableMapping mapping;
    private final ChangeTransformer transformer;
    private final AvroCodec codec;
    private final TransformMetrics metrics;
    private final Clock clock;
    private final Consumer<String> fault;
    private ProcessorContext<Routed, byte[]> context;

    MappingProcessor(TableMapping mapping, AvroCodec codec, TransformMetrics metrics, Clock clock, Consumer<String> fault) {
        this.fault = fault;
        this.mapping = mapping;
        this.transformer = new ChangeTransformer(mapping);
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<Routed, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> raw) {
        fault.accept(mapping.table());
        Outcome outcome;
        try {
            if (Truncates.isMarker(raw.key())) {
                forwardTruncate(raw);
                return;
            }
            GenericRecord key = (GenericRecord) codec.decode(raw.key()).datum();
            GenericRecord value = raw.value() == null ? null : (GenericRecord) codec.decode(raw.value()).datum();
            outcome = transformer.apply(key, value);
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            metrics.recordInvalid(mapping.table(), "decode");
            context.forward(deadLetter(raw, e.getClass().getName(), String.valueOf(e.getMessage()), "decode", null));
            return;
        }
        if (outcome instanceof Outcome.Write w) {
            w.warnings().forEach(v -> metrics.recordWarned(mapping.table(), v.ruleId()));
            if (w.change().row() != null) {
                metrics.recordValid(mapping.table());
            }
            forward(raw, w.change());
        } else if (outcome instanceof Outcome.Filtered f) {
            metrics.recordFiltered(mapping.table());
            if (f.tombstone() != null) {
                forward(raw, f.tombstone());
            }
        } else if (outcome instanceof Outcome.Rejected r) {
            r.warnings().forEach(v -> metrics.recordWarned(mapping.table(), v.ruleId()));
            Violation first = r.errors().get(0);
            metrics.recordInvalid(mapping.table(), first.ruleId());
            context.forward(deadLetter(raw, r.errorClass(), r.message(), "validation", first.ruleId()));
        }
    }

    /**
     * A source {@code TRUNCATE} travels on as a marker in the same partition of the mapped topic, saying
     * what it does to the target rows under this mapping's delete mode (header
     * {@link FerryHeaders#TRUNCATE_EFFECT}); the sink applies it once every partition reached its marker.
     * A snapshot restart marker (its own key, a text value) travels the same way.
     */
    private void forwardTruncate(Record<byte[], byte[]> raw) {
        Headers h = new RecordHeaders();
        put(h, FerryHeaders.OPERATION, "t");
        put(h, FerryHeaders.SOURCE, mapping.source());
        if (raw.value() != null && Truncates.isKey(raw.key())) {
            GenericRecord envelope = (GenericRecord) codec.decode(raw.value()).datum();
            GenericRecord source = envelope.getSchema().getField("source") == null ? null : (GenericRecord) envelope.get("source");
            String position = source == null ? null : ChangeTransformer.position(source);
            if (position != null) {
                put(h, FerryHeaders.SOURCE_POSITION, position);
            }
        }
        var partitions = raw.headers().lastHeader(FerryHeaders.TRUNCATE_PARTITIONS);
        if (partitions != null) {
            h.add(FerryHeaders.TRUNCATE_PARTITIONS, partitions.value());
        }
        put(h, FerryHeaders.TRUNCATE_EFFECT, switch (mapping.deletes()) {
            case HARD -> "hard";
            case SOFT -> "soft:" + mapping.softDeleteColumn();
            case IGNORE -> "ignore";
        });
        context.forward(new Record<>(new Routed(raw.key(), rawPartition()), raw.value(), raw.timestamp(), h));
    }

    /** The partition of the record in hand, or -1 when there is none (never in a running topology). */
    private int rawPartition() {
        return context.recordMetadata().map(m -> m.partition()).orElse(-1);
    }

    private void forward(Record<byte[], byte[]> raw, MappedChange c) {
        try {
            byte[] key = codec.encode(mapping.mappedTopic(), true, c.key().getSchema(), c.key());
            byte[] value = c.row() == null ? null : codec.encode(mapping.mappedTopic(), false, c.row().getSchema(), c.row());
            context.forward(new Record<>(new Routed(key, rawPartition()), value, raw.timestamp(), headers(c)));
        } catch (SchemaRegistryUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            metrics.recordInvalid(mapping.table(), "encode");
            context.forward(deadLetter(raw, e.getClass().getName(), String.valueOf(e.getMessage()), "unknown", null));
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
        if (!c.unchanged().isEmpty()) {
            put(h, FerryHeaders.UNCHANGED_COLUMNS, String.join(",", c.unchanged()));
        }
        return h;
    }

    private Record<Routed, byte[]> deadLetter(Record<byte[], byte[]> raw, String errorClass, String message,
                                              String cause, String rule) {
        Headers h = new RecordHeaders();
        put(h, DeadLetterHeaders.STAGE, "transform");
        put(h, DeadLetterHeaders.ERROR_CLASS, errorClass);
        h.add(DeadLetterHeaders.ERROR_MESSAGE, DeadLetterHeaders.bounded(message));
        put(h, DeadLetterHeaders.ERROR_CAUSE, cause);
        put(h, DeadLetterHeaders.ERROR_SEVERITY, "error");
        if (rule != null) {
            put(h, DeadLetterHeaders.RULE, rule);
        }
        context.recordMetadata().ifPresent(m -> {
            put(h, DeadLetterHeaders.ORIGIN_TOPIC, m.topic());
            put(h, DeadLetterHeaders.ORIGIN_PARTITION, Integer.toString(m.partition()));
            put(h, DeadLetterHeaders.ORIGIN_OFFSET, Long.toString(m.offset()));
        });
        put(h, DeadLetterHeaders.TARGET, mapping.target());
        put(h, DeadLetterHeaders.FAILED_AT, clock.instant().toString());
        put(h, DeadLetterHeaders.ATTEMPTS, Integer.toString(previousAttempts(raw.headers()) + 1));
        return new Record<>(new Routed(raw.key(), -1), raw.value(), raw.timestamp(), h);
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
