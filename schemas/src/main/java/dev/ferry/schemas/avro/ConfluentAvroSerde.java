package dev.ferry.schemas.avro;

import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} of Avro generic data in the Confluent wire format. A null record is a
 * null payload (a tombstone) in both directions. Subjects follow the topic name strategy.
 */
public final class ConfluentAvroSerde implements Serde<GenericContainer> {

    private final AvroCodec codec;
    private final boolean isKey;

    /** @param isKey whether this serde handles keys ({@code <topic>-key}) or values ({@code <topic>-value}) */
    public ConfluentAvroSerde(AvroCodec codec, boolean isKey) {
        this.codec = codec;
        this.isKey = isKey;
    }

    @Override
    public Serializer<GenericContainer> serializer() {
        return (topic, data) -> data == null ? null : codec.encode(topic, isKey, data.getSchema(), data);
    }

    @Override
    public Deserializer<GenericContainer> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            Object datum = codec.decode(bytes).datum();
            if (datum instanceof GenericContainer container) {
                return container;
            }
            throw new AvroCodecException("topic " + topic + " holds a non-record Avro value: " + datum);
        };
    }
}
