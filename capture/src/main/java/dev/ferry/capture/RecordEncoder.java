package dev.ferry.capture;

import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.connect.ColumnNaming;
import dev.ferry.schemas.connect.ConnectAvro;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;

/**
 * Encodes Connect keys and values (Debezium's output) as Confluent-framed Avro. Debezium hands
 * out one schema instance per table version, so Avro schemas are cached by identity; not thread-safe
 * (one per engine thread). Fields keep their columns' real names: the connector's own, corrected
 * where the source database says a column is named otherwise ({@link SourceDatabase#columnNaming}).
 */
final class RecordEncoder {

    private final ConnectAvro connectAvro = new ConnectAvro();
    private final AvroCodec codec;
    private final Map<Schema, ConnectAvro.Converter> converters = new IdentityHashMap<>();
    private final Function<String, ColumnNaming> namingOfTopic;

    /** @param namingOfTopic the column naming of a raw topic's table, asked once per new schema */
    RecordEncoder(AvroCodec codec, Function<String, ColumnNaming> namingOfTopic) {
        this.codec = codec;
        this.namingOfTopic = namingOfTopic;
    }

    /** @return the framed bytes, or null for a null value (a tombstone) */
    byte[] encode(String topic, boolean isKey, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        ConnectAvro.Converter converter = converters.computeIfAbsent(schema,
                s -> connectAvro.converter(s, namingOfTopic.apply(topic)));
        return codec.encode(topic, isKey, converter.avroSchema(), converter.convert().apply(value));
    }
}
