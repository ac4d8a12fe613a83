package dev.ferry.capture;

import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.connect.ColumnNaming;
import dev.ferry.schemas.connect.ConnectAvro;
import dev.ferry.schemas.types.ColumnNames;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Schema;

/**
 * Encodes Connect keys and values (Debezium's output) as Confluent-framed Avro. Debezium hands
 * out one schema instance per table version, so Avro schemas are cached by identity; not thread-safe
 * (one per engine thread). Fields keep their columns' real names: the connector's own, corrected
 * where the source database says a column is named otherwise ({@link SourceDatabase#columnNaming}).
 * The row record of a value schema gets the {@link ColumnFacts} of its table as field properties,
 * read once per table version.
 */
final class RecordEncoder {

    private final ConnectAvro connectAvro = new ConnectAvro();
    private final AvroCodec codec;
    private final ColumnFacts facts;
    private final Map<Schema, ConnectAvro.Converter> converters = new IdentityHashMap<>();
    private final Function<String, ColumnNaming> namingOfTopic;

    /**
     * @param namingOfTopic the column naming of a raw topic's table, asked once per new schema
     * @param facts what the source catalog says of each table's columns (generated expressions, ...)
     */
    RecordEncoder(AvroCodec codec, Function<String, ColumnNaming> namingOfTopic, ColumnFacts facts) {
        this.codec = codec;
        this.namingOfTopic = namingOfTopic;
        this.facts = facts;
    }

    /**
     * @param table the record's {@code schema.table}, whose column facts a value schema gets
     * @return the framed bytes, or null for a null value (a tombstone)
     */
    byte[] encode(String topic, String table, boolean isKey, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        ConnectAvro.Converter converter = converters.computeIfAbsent(schema, s -> {
            ConnectAvro.Converter c = connectAvro.converter(s, namingOfTopic.apply(topic));
            if (!isKey) {
                annotate(c.avroSchema(), facts.of(table));
            }
            return c;
        });
        return codec.encode(topic, isKey, converter.avroSchema(), converter.convert().apply(value));
    }

    /** Adds the facts to the fields of the envelope's row record ({@code after}, shared by {@code before}). */
    private static void annotate(org.apache.avro.Schema envelope, Map<String, Map<String, String>> facts) {
        if (facts.isEmpty() || envelope.getType() != org.apache.avro.Schema.Type.RECORD || envelope.getField("after") == null) {
            return;
        }
        org.apache.avro.Schema row = envelope.getField("after").schema();
        if (row.getType() == org.apache.avro.Schema.Type.UNION) {
            row = row.getTypes().stream().filter(t -> t.getType() == org.apache.avro.Schema.Type.RECORD).findFirst().orElse(null);
        }
        if (row == null) {
            return;
        }
        for (org.apache.avro.Schema.Field f : row.getFields()) {
            Map<String, String> props = facts.get(ColumnNames.columnOf(f));
            if (props != null) {
                // The schema may be shared with an equal table version annotated before: same values then.
                props.forEach((k, v) -> {
                    if (f.getProp(k) == null) {
                        f.addProp(k, v);
                    }
                });
            }
        }
    }
}
