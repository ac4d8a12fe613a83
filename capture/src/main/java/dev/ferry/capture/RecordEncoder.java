package dev.ferry.capture;

import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.connect.ConnectAvro;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;

/**
 * Encodes Connect keys and values (Debezium's output) as Confluent-framed Avro. Debezium hands
 * out one schema instance per table version, so Avro schemas are cached by identity; not thread-safe
 * (one per engine thread).
 */
final class RecordEncoder {

    private final ConnectAvro connectAvro = new ConnectAvro();
    private final AvroCodec codec;
    private final Map<Schema, ConnectAvro.Converter> converters = new IdentityHashMap<>();

    RecordEncoder(AvroCodec codec) {
        this.codec = codec;
    }

    /** @return the framed bytes, or null for a null value (a tombstone) */
    byte[] encode(String topic, boolean isKey, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        ConnectAvro.Converter converter = converters.computeIfAbsent(schema, connectAvro::converter);
        return codec.encode(topic, isKey, converter.avroSchema(), converter.convert().apply(value));
    }
}
