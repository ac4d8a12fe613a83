package dev.ferry.schemas.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.registry.MemorySchemaRegistry;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

    private final MemorySchemaRegistry registry = new MemorySchemaRegistry();
    private final AvroCodec codec = new AvroCodec(registry);
    private final Schema schema = SchemaBuilder.record("Row").fields()
            .requiredLong("id").optionalString("name").optionalBytes("blob").endRecord();

    @Test
    void framesPayloadWithMagicByteAndSchemaId() {
        byte[] payload = codec.encode("t", false, schema, row(7, "x"));
        int id = registry.register("t-value", schema);
        assertEquals(0, payload[0]);
        assertEquals(id, ByteBuffer.wrap(payload, 1, 4).getInt());
        assertEquals(id, WireFormat.schemaId(payload));
    }

    @Test
    void decodesWhatItEncodedWithTheWriterSchema() {
        GenericRecord row = row(42, "héllo 🚀");
        row.put("blob", ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xff}));
        GenericRecord back = (GenericRecord) codec.decode(codec.encode("t", false, schema, row)).datum();
        assertEquals(42L, back.get("id"));
        assertEquals("héllo 🚀", back.get("name").toString());
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, ((ByteBuffer) back.get("blob")).array());
    }

    @Test
    void registersUnderTopicNameStrategySubjects() {
        codec.encode("ferry.src.public.t", true, schema, row(1, null));
        codec.encode("ferry.src.public.t", false, schema, row(1, null));
        assertEquals(java.util.Set.of("ferry.src.public.t-key", "ferry.src.public.t-value"), registry.subjects());
    }

    @Test
    void refusesPayloadWithoutMagicByte() {
        AvroCodecException e = assertThrows(AvroCodecException.class, () -> codec.decode(new byte[] {1, 0, 0, 0, 1, 2}));
        assertTrue(e.getMessage().contains("first byte is 1"), e.getMessage());
    }

    @Test
    void refusesTruncatedPayload() {
        assertThrows(AvroCodecException.class, () -> codec.decode(new byte[] {0, 0}));
    }

    @Test
    void serdeTurnsTombstonesIntoNullBothWays() {
        ConfluentAvroSerde serde = new ConfluentAvroSerde(codec, false);
        assertNull(serde.serializer().serialize("t", null));
        assertNull(serde.deserializer().deserialize("t", null));
        GenericContainer back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", row(3, "c")));
        assertEquals(3L, ((GenericRecord) back).get("id"));
    }

    private GenericRecord row(long id, String name) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", id);
        r.put("name", name);
        return r;
    }
}
