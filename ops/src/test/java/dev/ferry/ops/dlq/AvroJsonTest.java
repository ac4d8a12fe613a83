package dev.ferry.ops.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    private static final Schema ROW = SchemaBuilder.record("items").fields()
            .requiredLong("id").optionalString("name").requiredInt("qty").endRecord();

    @Test
    void roundTripsARecordThroughEditableJson() {
        GenericRecord row = new GenericData.Record(ROW);
        row.put("id", 7L);
        row.put("name", "seven");
        row.put("qty", -1);
        ObjectNode json = (ObjectNode) AvroJson.toJson(ROW, row);
        assertEquals(-1, json.get("qty").asInt());
        json.put("qty", 5);
        GenericRecord edited = (GenericRecord) AvroJson.fromJson(ROW, json);
        assertEquals(5, edited.get("qty"));
        assertEquals("seven", edited.get("name").toString());
    }

    @Test
    void refusesJsonThatNoLongerMatchesTheSchema() {
        ObjectNode json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("id", "x");
        assertThrows(IllegalArgumentException.class, () -> AvroJson.fromJson(ROW, json));
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
        ObjectNode fields = (ObjectNode) json.get("after").get("ferry.src.public.T.Value");
        assertEquals("Ann", fields.get("first name").asText());
        assertEquals(java.util.List.of("first name", "a_b"), toList(fields.fieldNames()));
        fields.put("first name", "Anna");
        GenericRecord back = (GenericRecord) ((GenericRecord) AvroJson.fromJson(envelope, json)).get("after");
        assertEquals("Anna", back.get(0).toString());
        assertEquals("x", back.get(1).toString());
    }

    private static java.util.List<String> toList(java.util.Iterator<String> names) {
        java.util.List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
