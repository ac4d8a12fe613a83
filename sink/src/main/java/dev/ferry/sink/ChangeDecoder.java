package dev.ferry.sink;

import dev.ferry.schemas.avro.AvroCodec;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes records of mapped topics into {@link Change}s of their target table. */
final class ChangeDecoder {

    private final AvroCodec codec;
    private final Map<String, String> tablesByTopic;

    ChangeDecoder(AvroCodec codec, Map<String, String> tablesByTopic) {
        this.codec = codec;
        this.tablesByTopic = Map.copyOf(tablesByTopic);
    }

    /** @throws RuntimeException when the record is not a decodable mapped record */
    Change decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            throw new IllegalArgumentException("record without a key on " + record.topic());
        }
        GenericRecord key = (GenericRecord) codec.decode(record.key()).datum();
        GenericRecord row = record.value() == null ? null : (GenericRecord) codec.decode(record.value()).datum();
        return new Change(record, table(record), key, row, Change.keyValues(key));
    }

    String table(ConsumerRecord<byte[], byte[]> record) {
        return tablesByTopic.getOrDefault(record.topic(), record.topic());
    }
}
