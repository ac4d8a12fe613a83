package dev.ferry.schemas.types;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class ZonedTimestampsTest {

    @Test
    void readsEveryShapeAsTheStandardParserDoes() {
        for (String text : new String[] {"2024-02-29T23:59:59Z", "2024-02-29T23:59:59.1Z", "1999-12-31T18:29:59.123456Z",
                "0001-01-01T00:00:00.000000001Z", "2024-01-01T12:00:00+02:00", "2024-01-01T12:00:00.5-03:30"}) {
            assertEquals(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME), ZonedTimestamps.parse(text), text);
        }
    }

    @Test
    void writesUtcAsTheStandardFormatterDoes() {
        assertEquals("2024-01-01T10:00:00Z", ZonedTimestamps.format(OffsetDateTime.parse("2024-01-01T12:00:00+02:00")));
        assertEquals("2024-01-01T10:00:00.12Z", ZonedTimestamps.format(OffsetDateTime.parse("2024-01-01T10:00:00.12Z")));
        OffsetDateTime any = OffsetDateTime.parse("2030-05-06T07:08:09.000450Z");
        assertEquals(any.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), ZonedTimestamps.format(any));
        assertEquals("2024-01-01T10:00:00.000001Z", ZonedTimestamps.format(OffsetDateTime.parse("2024-01-01T10:00:00.000001Z")));
        OffsetDateTime t = OffsetDateTime.parse("1969-07-20T20:17:40.123456789-04:00");
        assertEquals(t.toInstant(), ZonedTimestamps.parse(ZonedTimestamps.format(t)).toInstant());
    }
}
