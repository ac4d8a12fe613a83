package dev.ferry.sink;

import dev.ferry.schemas.FerryHeaders;
import dev.ferry.schemas.avro.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Decodes records of mapped topics (and their {@link FerryHeaders}) into {@link Change}s of their target table. */
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
        Long position = SourcePosition.parse(header(record, FerryHeaders.SOURCE_POSITION));
        String unchanged = header(record, FerryHeaders.UNCHANGED_COLUMNS);
        Set<String> columns = unchanged == null || unchanged.isBlank() ? Set.of()
                : Arrays.stream(unchanged.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        return new Change(record, table(record), key, row, Change.keyValues(key), position, columns);
    }

    String table(ConsumerRecord<byte[], byte[]> record) {
        return tablesByTopic.getOrDefault(record.topic(), record.topic());
    }

    /** A header's value as text, null when absent. */
    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
