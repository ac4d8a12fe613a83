package dev.ferry.schemas.avro;

import dev.ferry.schemas.registry.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Encodes and decodes Avro data in the Confluent wire format against a {@link SchemaRegistry},
 * with subjects named by the topic name strategy. Thread-safe; readers and writers are cached per
 * schema. Values are Avro generic data ({@code GenericRecord}, {@code ByteBuffer} for bytes,
 * {@code Utf8} or {@code String} for strings); no logical-type conversion is applied, so the
 * bytes written are exactly what the schema says.
 */
public final class AvroCodec {

    private final SchemaRegistry registry;
    private final Map<Schema, GenericDatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final Map<Integer, GenericDatumReader<Object>> readers = new ConcurrentHashMap<>();
    private final ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(Buffers::new);

    public AvroCodec(SchemaRegistry registry) {
        this.registry = registry;
    }

    /**
     * Registers {@code schema} for the topic's key or value subject (cached) and encodes {@code datum}.
     *
     * @param datum an Avro generic datum matching {@code schema}; null is refused (tombstones are
     *     a null payload, not an encoded null)
     * @throws AvroCodecException when the datum does not match the schema
     */
    public byte[] encode(String topic, boolean isKey, Schema schema, Object datum) {
        int id = registry.register(SchemaRegistry.subject(topic, isKey), schema);
        return encode(id, schema, datum, topic);
    }

    /** Encodes with an id already known (for example re-encoding under the id a record came with). */
    public byte[] encode(int schemaId, Schema schema, Object datum, String topic) {
        Buffers b = buffers.get();
        b.out.reset();
        b.out.write(new byte[WireFormat.HEADER_LENGTH], 0, WireFormat.HEADER_LENGTH);
        try {
            b.encoder = EncoderFactory.get().binaryEncoder(b.out, b.encoder);
            writers.computeIfAbsent(schema, GenericDatumWriter::new).write(datum, b.encoder);
            b.encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new AvroCodecException("cannot encode a record for topic " + topic + " with schema "
                    + schema.getFullName() + ": " + e.getMessage(), e);
        }
        byte[] bytes = b.out.toByteArray();
        WireFormat.writeHeader(bytes, schemaId);
        return bytes;
    }

    /**
     * Decodes a framed payload with the writer's schema fetched from the registry by id.
     *
     * @return the decoded datum with its schema and id; never null
     * @throws AvroCodecException when the payload is not wire format or not valid Avro for its schema
     */
    public Decoded decode(byte[] payload) {
        int id = WireFormat.schemaId(payload);
        Schema schema = registry.byId(id);
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                    payload, WireFormat.HEADER_LENGTH, payload.length - WireFormat.HEADER_LENGTH, null);
            Object datum = readers.computeIfAbsent(id, i -> new GenericDatumReader<>(schema)).read(null, decoder);
            return new Decoded(id, schema, datum);
        } catch (IOException | RuntimeException e) {
            throw new AvroCodecException("cannot decode Avro payload of schema id " + id + ": " + e.getMessage(), e);
        }
    }

    public SchemaRegistry registry() {
        return registry;
    }

    /**
     * A decoded payload.
     *
     * @param schemaId the registry id it was written with
     * @param schema the writer's schema
     * @param datum the Avro generic datum
     */
    public record Decoded(int schemaId, Schema schema, Object datum) {
    }

    private static final class Buffers {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder;
    }
}
