package dev.ferry.schemas.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.registry.MemorySchemaRegistry;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Kind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * Values shaped as Debezium produces them go Connect → Avro → wire → Avro → Java and come out
 * exactly as they went in.
 */
class ConnectAvroTest {

    private static final Schema ROW = SchemaBuilder.struct().name("ferry.src.public.t.Value")
            .field("id", Schema.INT64_SCHEMA)
            .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
            .field("big", Decimal.builder(10).parameter("connect.decimal.precision", "38").optional().build())
            .field("created", semantic(Schema.STRING_SCHEMA, "io.debezium.time.ZonedTimestamp"))
            .field("local", semantic(Schema.INT64_SCHEMA, "io.debezium.time.MicroTimestamp"))
            .field("day", semantic(Schema.INT32_SCHEMA, "io.debezium.time.Date"))
            .field("ref", semantic(Schema.STRING_SCHEMA, "io.debezium.data.Uuid"))
            .field("doc", semantic(Schema.STRING_SCHEMA, "io.debezium.data.Json"))
            .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("empty", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    private final ConnectAvro connectAvro = new ConnectAvro();
    private final AvroCodec codec = new AvroCodec(new MemorySchemaRegistry());

    @Test
    void debeziumValuesSurviveTheRoundTripExactly() {
        Struct row = new Struct(ROW)
                .put("id", 1L)
                .put("amount", new BigDecimal("1234567890.12"))
                .put("big", new BigDecimal("1234567890123456789012345678.0123456789"))
                .put("created", "2024-02-29T23:59:59.123456Z")
                .put("local", 1_709_251_199_123_456L)
                .put("day", (int) LocalDate.of(1969, 7, 20).toEpochDay())
                .put("ref", "0b9c1f1e-9a55-4d5c-bb0e-6e1f0d3a3c11")
                .put("doc", "{\"a\": [1, 2, {\"b\": \"ü\"}]}")
                .put("raw", new byte[] {0, (byte) 0x80, (byte) 0xff, 10});

        org.apache.avro.Schema avroSchema = connectAvro.toAvroSchema(ROW);
        byte[] wire = codec.encode("t", false, avroSchema, connectAvro.toAvro(ROW, row));
        AvroCodec.Decoded decoded = codec.decode(wire);
        GenericRecord back = (GenericRecord) decoded.datum();

        assertEquals(new BigDecimal("1234567890.12"), java(decoded, back, "amount"));
        assertEquals(new BigDecimal("1234567890123456789012345678.0123456789"), java(decoded, back, "big"));
        assertEquals(OffsetDateTime.parse("2024-02-29T23:59:59.123456Z"), java(decoded, back, "created"));
        assertEquals(LocalDateTime.parse("2024-02-29T23:59:59.123456"), java(decoded, back, "local"));
        assertEquals(LocalDate.of(1969, 7, 20), java(decoded, back, "day"));
        assertEquals(UUID.fromString("0b9c1f1e-9a55-4d5c-bb0e-6e1f0d3a3c11"), java(decoded, back, "ref"));
        assertEquals("{\"a\": [1, 2, {\"b\": \"ü\"}]}", java(decoded, back, "doc"));
        assertArrayEquals(new byte[] {0, (byte) 0x80, (byte) 0xff, 10}, (byte[]) java(decoded, back, "raw"));
        assertNull(java(decoded, back, "empty"));

        SchemaAndValue connect = connectAvro.toConnect(decoded.schema(), back);
        Struct again = (Struct) connect.value();
        assertEquals(new BigDecimal("1234567890123456789012345678.0123456789"), again.get("big"));
        assertEquals("2024-02-29T23:59:59.123456Z", again.get("created"));
    }

    @Test
    void fastConverterGivesWhatAvroDataGives() {
        Schema nested = SchemaBuilder.struct().name("inner").optional()
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
                .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT32_SCHEMA).optional().build())
                .field("small", Schema.OPTIONAL_INT16_SCHEMA)
                .field("tiny", Schema.OPTIONAL_INT8_SCHEMA)
                .field("on", org.apache.kafka.connect.data.Date.builder().optional().build())
                .field("at", org.apache.kafka.connect.data.Timestamp.builder().optional().build())
                .field("f", Schema.OPTIONAL_FLOAT32_SCHEMA)
                .build();
        Schema outer = SchemaBuilder.struct().name("outer")
                .field("row", ROW).field("inner", nested).field("missing", nested).build();
        Struct row = new Struct(ROW).put("id", 9L).put("amount", new BigDecimal("-0.01"))
                .put("big", new BigDecimal("12.3456789000")).put("created", "2020-01-01T00:00:00Z")
                .put("raw", new byte[] {1, 2}).put("doc", "{}");
        Struct inner = new Struct(nested).put("tags", java.util.List.of("a", "b"))
                .put("attrs", java.util.Map.of("k", 1)).put("small", (short) -3).put("tiny", (byte) 7)
                .put("on", new java.util.Date(86_400_000L * 3)).put("at", new java.util.Date(1_234_567L))
                .put("f", 1.5f);
        Struct value = new Struct(outer).put("row", row).put("inner", inner);

        ConnectAvro.Converter converter = connectAvro.converter(outer);
        assertEquals(connectAvro.toAvro(outer, value), converter.convert().apply(value));
        assertEquals(connectAvro.toAvroSchema(outer), converter.avroSchema());
    }

    @Test
    void columnNamesTravelExactlyBesideValidAvroNames() {
        java.util.List<String> names = java.util.List.of("id key", "first name", "Last-Name", "order", "naïve", "日本",
                "1st", "a.b", "\"quoted\"", "a b", "a_b");
        SchemaBuilder b = SchemaBuilder.struct().name("ferry.src.public.T.Value").optional();
        names.forEach(n -> b.field(n, Schema.OPTIONAL_STRING_SCHEMA));
        Schema row = b.build();
        Schema envelope = SchemaBuilder.struct().name("ferry.src.public.T.Envelope")
                .field("before", row).field("after", row).field("op", Schema.STRING_SCHEMA).build();
        Struct after = new Struct(row);
        names.forEach(n -> after.put(n, "v:" + n));
        Struct value = new Struct(envelope).put("after", after).put("op", "c");

        ConnectAvro.Converter converter = connectAvro.converter(envelope);
        GenericRecord back = (GenericRecord) codec.decode(codec.encode("t", false, converter.avroSchema(),
                converter.convert().apply(value))).datum();
        org.apache.avro.Schema afterSchema = ((GenericRecord) back.get("after")).getSchema();
        java.util.List<String> real = afterSchema.getFields().stream()
                .map(dev.ferry.schemas.types.ColumnNames::columnOf).toList();
        assertEquals(names, real);
        for (org.apache.avro.Schema.Field f : afterSchema.getFields()) {
            assertEquals("v:" + dev.ferry.schemas.types.ColumnNames.columnOf(f),
                    ((GenericRecord) back.get("after")).get(f.pos()).toString());
        }
        assertEquals(converter.convert().apply(value).toString(), connectAvro.toAvro(envelope, value).toString());
    }

    @Test
    void keepsSemanticTypesAsSchemaProperties() {
        org.apache.avro.Schema avroSchema = connectAvro.toAvroSchema(ROW);
        assertEquals(Kind.DECIMAL, ColumnType.of(avroSchema.getField("amount").schema()).kind());
        assertEquals(12, ColumnType.of(avroSchema.getField("amount").schema()).precision());
        assertEquals(2, ColumnType.of(avroSchema.getField("amount").schema()).scale());
        assertEquals(Kind.TIMESTAMP_TZ, ColumnType.of(avroSchema.getField("created").schema()).kind());
        assertEquals(Kind.JSON, ColumnType.of(avroSchema.getField("doc").schema()).kind());
        assertEquals(true, ColumnType.of(avroSchema.getField("raw").schema()).optional());
        assertEquals(false, ColumnType.of(avroSchema.getField("id").schema()).optional());
    }

    @Test
    void textSurvivesFourByteCharacters() {
        Schema s = SchemaBuilder.struct().name("r").field("t", Schema.STRING_SCHEMA).build();
        String text = "emoji 😀 math 𝔸 cjk 漢字 " + new String(new byte[] {(byte) 0xc3, (byte) 0xa9}, StandardCharsets.UTF_8);
        org.apache.avro.Schema avroSchema = connectAvro.toAvroSchema(s);
        GenericRecord back = (GenericRecord) codec.decode(
                codec.encode("t", false, avroSchema, connectAvro.toAvro(s, new Struct(s).put("t", text)))).datum();
        assertEquals(text, back.get("t").toString());
    }

    private static Schema semantic(Schema base, String name) {
        return new SchemaBuilder(base.type()).name(name).version(1).optional().build();
    }

    private static Object java(AvroCodec.Decoded decoded, GenericRecord record, String field) {
        return ColumnType.of(decoded.schema().getField(field).schema()).toJava(record.get(field));
    }
}
