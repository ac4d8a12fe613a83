package dev.ferry.schemas.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Every column name gets a valid Avro name of its own, and the real name travels beside it. */
class ColumnNamesTest {

    static final List<String> AWKWARD = List.of("first name", "Last-Name", "order", "select", "naïve", "日本", "1st",
            "a.b", "\"quoted\"", "a b", "a_b", "_a_20_b", "_", "__", "a__b", "A B", "a  b", "🚀", "x`y", "", " ");

    @Test
    void plainNamesAreTheirOwnAvroName() {
        for (String plain : List.of("id", "first_name", "Order", "a1", "A_b_C")) {
            assertEquals(plain, ColumnNames.avroName(plain));
        }
    }

    @Test
    void everyAwkwardNameGetsAValidDistinctAvroName() {
        Set<String> seen = new HashSet<>();
        for (String name : AWKWARD) {
            String avro = ColumnNames.avroName(name);
            // Avro's own validation: a field with an invalid name throws.
            Schema.Field f = ColumnNames.field(name, Schema.create(Schema.Type.STRING), null, null);
            assertEquals(avro, f.name());
            assertEquals(name, ColumnNames.columnOf(f));
            assertTrue(seen.add(avro), "two names share the Avro name " + avro);
        }
        assertEquals("a_b", ColumnNames.avroName("a_b"));
        assertEquals("_a_20_b", ColumnNames.avroName("a b"));
        assertEquals("_first_20_name", ColumnNames.avroName("first name"));
        assertEquals("_1st", ColumnNames.avroName("1st"));
    }

    @Test
    void aPlainFieldCarriesNoProperty() {
        Schema.Field f = ColumnNames.field("id", Schema.create(Schema.Type.LONG), null, null);
        assertNull(f.getProp(ColumnNames.COLUMN_PROP));
        assertEquals("id", ColumnNames.columnOf(f));
    }
}
