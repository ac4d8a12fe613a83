package dev.ferry.schemas.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class PgTextTest {

    @Test
    void readsTheKindAndExactTypeOfAPostgresTextColumn() {
        Schema s = Schema.create(Schema.Type.STRING);
        s.addProp("connect.name", PgText.SCHEMA_NAME);
        s.addProp("connect.parameters", Map.of(PgText.TYPE_PARAMETER, "public.\"Mood\"[]"));
        ColumnType t = ColumnType.of(Schema.createUnion(Schema.create(Schema.Type.NULL), s));
        assertEquals(Kind.PG_TEXT, t.kind());
        assertEquals("public.\"Mood\"[]", t.sourceType());
        assertTrue(t.optional());
        assertEquals("{a,NULL}", t.toJava(new org.apache.avro.util.Utf8("{a,NULL}")));
    }

    @Test
    void readsDecimalsAndTimesAsPlainValuesForOtherDatabases() {
        assertEquals(new BigDecimal("-12.50"), PgText.plainValue("numeric(10,2)", "-12.50"));
        assertEquals(new BigDecimal("-1234.56"), PgText.plainValue("money", "-$1,234.56"));
        assertEquals(LocalDate.of(-43, 3, 15), PgText.plainValue("date", "0044-03-15 BC"));
        assertEquals(LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000),
                PgText.plainValue("timestamp without time zone", "294276-12-31 23:59:59.999999"));
        assertEquals(OffsetDateTime.of(2024, 3, 1, 1, 30, 0, 123_456_000, ZoneOffset.ofHoursMinutes(5, 30)),
                PgText.plainValue("timestamp(6) with time zone", "2024-03-01 01:30:00.123456+05:30"));
        assertEquals("{1,2}", PgText.plainValue("integer[]", "{1,2}"));
        assertEquals(new ColumnType(Kind.DECIMAL, true, 10, 2, null, 0),
                PgText.plainType(new ColumnType(Kind.PG_TEXT, true, null, null, "numeric(10,2)", 0)));
    }

    @Test
    void refusesWhatHasNoPlainEquivalentAndCarriesRefusals() {
        assertThrows(IllegalArgumentException.class, () -> PgText.plainValue("numeric", "NaN"));
        assertThrows(IllegalArgumentException.class, () -> PgText.plainValue("numeric", "-Infinity"));
        assertThrows(IllegalArgumentException.class, () -> PgText.plainValue("date", "infinity"));
        assertThrows(IllegalArgumentException.class, () -> PgText.plainValue("time without time zone", "24:00:00"));
        String refused = PgText.refused("column t.c: lost");
        assertEquals("column t.c: lost", PgText.refusal(refused).orElseThrow());
        assertTrue(PgText.refusal("12:00:00+05").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PgText.plainValue("text", refused));
    }
}
