package dev.ferry.schemas.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ColumnTypeTest {

    @Test
    void fromJavaIsTheInverseOfToJava() {
        roundTrip(type(Kind.DECIMAL, 12, 2, 0), new BigDecimal("-1234567890.50"));
        roundTrip(type(Kind.TIMESTAMP, null, null, 1_000_000), LocalDateTime.parse("1969-12-31T23:59:59.999999"));
        roundTrip(type(Kind.TIMESTAMP, null, null, 1_000), LocalDateTime.parse("2024-02-29T12:00:00.123"));
        roundTrip(type(Kind.TIME, null, null, 1_000_000), LocalTime.parse("23:59:59.000001"));
        roundTrip(type(Kind.DATE, null, null, 0), LocalDate.parse("0001-01-01"));
        roundTrip(type(Kind.UUID, null, null, 0), UUID.fromString("0b9c1f1e-9a55-4d5c-bb0e-6e1f0d3a3c11"));
        roundTrip(type(Kind.INT16, null, null, 0), (short) -7);
        assertEquals(OffsetDateTime.parse("2024-01-01T10:00:00Z"),
                type(Kind.TIMESTAMP_TZ, null, null, 0).toJava(
                        type(Kind.TIMESTAMP_TZ, null, null, 0).fromJava(OffsetDateTime.parse("2024-01-01T12:00:00+02:00"))));
        byte[] bytes = {0, 1, (byte) 0xff};
        assertArrayEquals(bytes, (byte[]) type(Kind.BYTES, null, null, 0).toJava(type(Kind.BYTES, null, null, 0).fromJava(bytes)));
    }

    @Test
    void aMariaDbTimeIsASignedSpanBeyondADay() {
        ColumnType time = new ColumnType(Kind.DURATION, true, null, null, "TIME", 0);
        assertEquals(java.time.Duration.ofHours(-838).minusMinutes(59).minusSeconds(59).minusNanos(999_999_000),
                time.toJava(-3_020_399_999_999L));
        assertEquals("-838:59:59.999999", SignedTimes.format((java.time.Duration) time.toJava(-3_020_399_999_999L)));
        assertEquals(3_020_399_999_999L, time.fromJava(SignedTimes.parse("838:59:59.999999")));
        assertEquals("-0:00:00.000001", SignedTimes.format(SignedTimes.parse("-00:00:00.000001")));
    }

    @Test
    void bitsTravelLittleEndianAndArriveInTheirOwnOrder() {
        ColumnType bits = new ColumnType(Kind.BYTES, true, 12, null, "BIT", 0);
        byte[] value = (byte[]) bits.toJava(java.nio.ByteBuffer.wrap(new byte[] {0x01, 0x0B}));
        assertArrayEquals(new byte[] {0x0B, 0x01}, value);
        assertEquals("101100000001", BitStrings.text(value, 12));
        assertArrayEquals(new byte[] {0x0B, 0x01}, BitStrings.parse("101100000001"));
        assertEquals(java.nio.ByteBuffer.wrap(new byte[] {0x01, 0x0B}), bits.fromJava(value));
    }

    @Test
    void decimalWithMoreDigitsThanTheScaleIsRefused() {
        assertThrows(ArithmeticException.class, () -> type(Kind.DECIMAL, 5, 1, 0).fromJava(new BigDecimal("1.25")));
    }

    private static void roundTrip(ColumnType type, Object value) {
        assertEquals(value, type.toJava(type.fromJava(value)));
    }

    private static ColumnType type(Kind kind, Integer precision, Integer scale, long unit) {
        return new ColumnType(kind, true, precision, scale, null, unit);
    }
}
