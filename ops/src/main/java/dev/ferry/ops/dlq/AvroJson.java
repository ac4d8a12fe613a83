package dev.ferry.ops.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Avro data to and from Avro's own JSON encoding (a union value is written {@code {"type": value}},
 * bytes as a string of code points 0..255), which converts back to exactly the same datum; this is
 * what makes an exported dead letter editable and re-drivable. Record fields are keyed by their
 * real column names ({@link ColumnKeys}).
 */
final class AvroJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvroJson() {
    }

    static JsonNode toJson(Schema schema, Object datum) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
            return ColumnKeys.toColumns(schema, JSON.readTree(out.toByteArray()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot write a " + schema.getFullName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException when the JSON does not match the schema; the message says where
     */
    static Object fromJson(Schema schema, JsonNode json) {
        try {
            String text = JSON.writeValueAsString(ColumnKeys.toAvro(schema, json));
            return new GenericDatumReader<>(schema).read(null, DecoderFactory.get().jsonDecoder(schema, text));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("does not match schema " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }
}
