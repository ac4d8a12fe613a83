package dev.ferry.ops.dlq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.schemas.connect.ConnectAvro;
import dev.ferry.schemas.types.ColumnType;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Schema ROW = SchemaBuilder.record("items").fields()
            .requiredLong("id").optionalString("name").requiredInt("qty").endRecord();

    /** A row with every column type Ferry carries, shaped as Debezium and Ferry produce them. */
    private static final org.apache.kafka.connect.data.Schema ALL = org.apache.kafka.connect.data.SchemaBuilder.struct()
            .name("ferry.src.public.t.Value")
            .field("id", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
            .field("small", org.apache.kafka.connect.data.Schema.OPTIONAL_INT16_SCHEMA)
            .field("qty", org.apache.kafka.connect.data.Schema.OPTIONAL_INT32_SCHEMA)
            .field("flag", org.apache.kafka.connect.data.Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("r", org.apache.kafka.connect.data.Schema.OPTIONAL_FLOAT32_SCHEMA)
            .field("d", org.apache.kafka.connect.data.Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("nan", org.apache.kafka.connect.data.Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "12").optional().build())
            .field("any", variableDecimal())
            .field("created", semantic(org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "io.debezium.time.ZonedTimestamp"))
            .field("local", semantic(org.apache.kafka.connect.data.Schema.INT64_SCHEMA, "io.debezium.time.MicroTimestamp"))
            .field("day", semantic(org.apache.kafka.connect.data.Schema.INT32_SCHEMA, "io.debezium.time.Date"))
            .field("at", semantic(org.apache.kafka.connect.data.Schema.INT64_SCHEMA, "io.debezium.time.MicroTime"))
            .field("span", semantic(org.apache.kafka.connect.data.Schema.INT64_SCHEMA, ColumnType.SIGNED_TIME))
            .field("ref", semantic(org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "io.debezium.data.Uuid"))
            .field("doc", semantic(org.apache.kafka.connect.data.Schema.STRING_SCHEMA, "io.debezium.data.Json"))
            .field("net", org.apache.kafka.connect.data.SchemaBuilder.string().name(dev.ferry.schemas.types.PgText.SCHEMA_NAME)
                    .parameter(dev.ferry.schemas.types.PgText.TYPE_PARAMETER, "inet").optional().build())
            .field("raw", org.apache.kafka.connect.data.Schema.OPTIONAL_BYTES_SCHEMA)
            .field("first name", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
            .field("empty", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    @Test
    void writesEveryValueAsItsNaturalJsonAndReadsItBackToTheExactValue() throws Exception {
        Struct row = new Struct(ALL).put("id", 1L).put("small", (short) -7).put("qty", 42).put("flag", true)
                .put("r", 3.4028235e38f).put("d", 0.1).put("nan", Double.NaN)
                .put("amount", new BigDecimal("1500.00"))
                .put("any", new Struct(ALL.field("any").schema()).put("scale", 3)
                        .put("value", new BigDecimal("-12.345").unscaledValue().toByteArray()))
                .put("created", "2024-03-01T01:30:00.123456+05:30").put("local", 1_709_251_199_123_456L)
                .put("day", (int) LocalDate.of(1969, 7, 20).toEpochDay()).put("at", 45_296_500_000L)
                .put("span", -3_600_000_001L).put("ref", "0b9c1f1e-9a55-4d5c-bb0e-6e1f0d3a3c11")
                .put("doc", "{\"a\": [1, {\"b\": \"ü\"}]}").put("net", "10.0.0.1/32")
                .put("raw", new byte[] {0, (byte) 0x80, (byte) 0xff}).put("first name", "Ann");
        ConnectAvro connect = new ConnectAvro();
        Schema schema = connect.toAvroSchema(ALL);
        GenericRecord avro = (GenericRecord) connect.toAvro(ALL, row);

        JsonNode json = JSON.readTree(JSON.writeValueAsString(AvroJson.toJson(schema, avro)));

        assertEquals("1500.00", json.get("amount").textValue());
        assertEquals("-12.345", json.get("any").textValue());
        assertEquals("2024-03-01T01:30:00.123456+05:30", json.get("created").textValue());
        assertEquals("2024-02-29T23:59:59.123456", json.get("local").textValue());
        assertEquals("1969-07-20", json.get("day").textValue());
        assertEquals("12:34:56.500", json.get("at").textValue());
        assertEquals("PT-1H-0.000001S", json.get("span").textValue());
        assertEquals("AID/", json.get("raw").get(AvroJson.BASE64).textValue());
        assertEquals("NaN", json.get("nan").textValue());
        assertEquals(-7, json.get("small").intValue());
        assertTrue(json.get("flag").booleanValue());
        assertEquals("Ann", json.get("first name").textValue());
        assertTrue(json.get("empty").isNull());

        GenericRecord back = (GenericRecord) AvroJson.fromJson(schema, json);
        for (Schema.Field f : schema.getFields()) {
            ColumnType type = ColumnType.of(f.schema());
            Object expected = type.toJava(avro.get(f.pos()));
            Object actual = type.toJava(back.get(f.pos()));
            if (expected instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) actual, f.name());
            } else if (expected instanceof java.time.OffsetDateTime at) {
                // The same instant (Ferry carries zoned timestamps in UTC once they were read).
                assertEquals(at.toInstant(), ((java.time.OffsetDateTime) actual).toInstant(), f.name());
            } else {
                assertEquals(expected, actual, f.name());
            }
        }
        // Exactly the schema's types: the datum encodes.
        new GenericDatumWriter<>(schema).write(back, EncoderFactory.get().binaryEncoder(new ByteArrayOutputStream(), null));
    }

    @Test
    void anEditedDecimalReadsBackWithTheColumnsScaleAndOneThatDoesNotFitIsRefused() throws Exception {
        ConnectAvro connect = new ConnectAvro();
        Schema schema = connect.toAvroSchema(ALL);
        Struct row = new Struct(ALL).put("id", 1L).put("amount", new BigDecimal("1500.00"));
        ObjectNode json = (ObjectNode) AvroJson.toJson(schema, connect.toAvro(ALL, row));

        json.put("amount", "10");
        GenericRecord back = (GenericRecord) AvroJson.fromJson(schema, json);
        assertEquals(new BigDecimal("10.00"), ColumnType.of(schema.getField("amount").schema()).toJava(back.get("amount")));

        json.put("amount", "10.001");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AvroJson.fromJson(schema, json));
        assertTrue(e.getMessage().contains("amount"), e.getMessage());
    }

    @Test
    void roundTripsARecordThroughEditableJson() {
        GenericRecord row = new GenericData.Record(ROW);
        row.put("id", 7L);
        row.put("name", "seven");
        row.put("qty", -1);
        ObjectNode json = (ObjectNode) AvroJson.toJson(ROW, row);
        assertEquals(-1, json.get("qty").asInt());
        assertEquals("seven", json.get("name").asText());
        json.put("qty", 5);
        GenericRecord edited = (GenericRecord) AvroJson.fromJson(ROW, json);
        assertEquals(5, edited.get("qty"));
        assertEquals("seven", edited.get("name").toString());
    }

    @Test
    void refusesJsonThatNoLongerMatchesTheSchema() {
        ObjectNode json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("id", "x");
        assertThrows(IllegalArgumentException.class, () -> AvroJson.fromJson(ROW, json));
        ObjectNode unknown = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("id", 1).put("qty", 1).put("colour", "red");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AvroJson.fromJson(ROW, unknown));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
    }

    @Test
    void keysRecordFieldsByTheirRealColumnNames() {
        Schema row = Schema.createRecord("Value", null, "ferry.src.public.T", false, java.util.List.of(
                dev.ferry.schemas.types.ColumnNames.field("first name", Schema.create(Schema.Type.STRING), null, null),
                dev.ferry.schemas.types.ColumnNames.field("a_b", Schema.create(Schema.Type.STRING), null, null)));
        Schema envelope = Schema.createRecord("Envelope", null, "ferry.src.public.T", false, java.util.List.of(
                new Schema.Field("after", Schema.createUnion(Schema.create(Schema.Type.NULL), row), null,
                        org.apache.avro.JsonProperties.NULL_VALUE)));
        GenericRecord after = new GenericData.Record(row);
        after.put(0, "Ann");
        after.put(1, "x");
        GenericRecord value = new GenericData.Record(envelope);
        value.put(0, after);

        ObjectNode json = (ObjectNode) AvroJson.toJson(envelope, value);
        ObjectNode fields = (ObjectNode) json.get("after");
        assertEquals("Ann", fields.get("first name").asText());
        assertEquals(java.util.List.of("first name", "a_b"), toList(fields.fieldNames()));
        fields.put("first name", "Anna");
        GenericRecord back = (GenericRecord) ((GenericRecord) AvroJson.fromJson(envelope, json)).get("after");
        assertEquals("Anna", back.get(0).toString());
        assertEquals("x", back.get(1).toString());
    }

    private static org.apache.kafka.connect.data.Schema semantic(org.apache.kafka.connect.data.Schema base, String name) {
        return new org.apache.kafka.connect.data.SchemaBuilder(base.type()).name(name).optional().build();
    }

    private static org.apache.kafka.connect.data.Schema variableDecimal() {
        return org.apache.kafka.connect.data.SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal")
                .field("scale", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                .field("value", org.apache.kafka.connect.data.Schema.BYTES_SCHEMA).optional().build();
    }

    private static java.util.List<String> toList(java.util.Iterator<String> names) {
        java.util.List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
