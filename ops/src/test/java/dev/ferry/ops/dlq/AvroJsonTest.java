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
}
