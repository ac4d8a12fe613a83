package dev.ferry.transform.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CastsTest {

    private static final CastType STRING = CastType.parse("string");
    private static final CastType INT = CastType.parse("int");
    private static final CastType LONG = CastType.parse("long");
    private static final CastType DOUBLE = CastType.parse("double");
    private static final CastType BOOLEAN = CastType.parse("boolean");
    private static final CastType DATE = CastType.parse("date");
    private static final CastType TIMESTAMP = CastType.parse("timestamp");

    private static String failure(Object value, CastType to) {
        return assertThrows(CastException.class, () -> Casts.cast(value, to)).getMessage();
    }

    @Test
    void castsNullToNullWhateverTheType() throws CastException {
        for (CastType t : new CastType[] {STRING, INT, LONG, DOUBLE, BOOLEAN, DATE, TIMESTAMP, CastType.decimal(5, 2)}) {
            assertNull(Casts.cast(null, t));
        }
    }

    @Test
    void parsesTypeSpellingsAndRefusesOthers() {
        assertEquals(CastType.decimal(12, 2), CastType.parse(" DECIMAL( 12 , 2 ) "));
        assertEquals("decimal(12,2)", CastType.parse("decimal(12,2)").toString());
        assertEquals("unknown type 'varchar', expected one of: string, int, long, double, decimal(p,s), boolean, date,"
                + " timestamp", assertThrows(IllegalArgumentException.class, () -> CastType.parse("varchar")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CastType.parse("decimal(2,3)"));
        assertThrows(IllegalArgumentException.class, () -> CastType.parse("decimal(0,0)"));
    }

    @Test
    void castsToStringCanonically() throws CastException {
        assertEquals("1000", Casts.cast(new BigDecimal("1E+3"), STRING));
        assertEquals("12.50", Casts.cast(new BigDecimal("12.50"), STRING));
        assertEquals("true", Casts.cast(true, STRING));
        assertEquals("2024-02-29", Casts.cast(LocalDate.of(2024, 2, 29), STRING));
        assertEquals("2024-02-29T23:59:59.123456Z", Casts.cast(OffsetDateTime.parse("2024-02-29T23:59:59.123456Z"), STRING));
        assertEquals("", Casts.cast("", STRING));
        assertEquals("0b9c1f1e-9a55-4d5c-bb0e-6e1f0d3a3c11",
                Casts.cast(UUID.fromString("0b9c1f1e-9a55-4d5c-bb0e-6e1f0d3a3c11"), STRING));
    }

    @Test
    void castsToIntegersOnlyWhatFitsWithoutFraction() throws CastException {
        assertEquals(42, Casts.cast(" 42 ", INT));
        assertEquals(1, Casts.cast(new BigDecimal("1.00"), INT));
        assertEquals(3_000_000_000L, Casts.cast(3_000_000_000L, LONG));
        assertEquals(-7L, Casts.cast(-7.0, LONG));
        assertEquals("cannot cast '3000000000' to int: out of range", failure(3_000_000_000L, INT));
        assertEquals("cannot cast '1.5' to int: has a fraction", failure(new BigDecimal("1.5"), INT));
        assertEquals("cannot cast '4x' to long: not a number", failure("4x", LONG));
        assertEquals("cannot cast '' to int: not a number", failure("", INT));
        assertEquals("cannot cast 'NaN' to long: not a finite number", failure(Double.NaN, LONG));
    }

    @Test
    void castsToDoubleIncludingNonFiniteTexts() throws CastException {
        assertEquals(2.5, Casts.cast("2.5", DOUBLE));
        assertEquals(Double.NaN, Casts.cast("NaN", DOUBLE));
        assertEquals(Double.NEGATIVE_INFINITY, Casts.cast("-Infinity", DOUBLE));
        assertEquals(0.1, Casts.cast(new BigDecimal("0.1"), DOUBLE));
    }

    @Test
    void roundsDecimalsHalfUpToTheirScaleAndRefusesOverflow() throws CastException {
        CastType money = CastType.decimal(6, 2);
        assertEquals(new BigDecimal("1.24"), Casts.cast(new BigDecimal("1.235"), money));
        assertEquals(new BigDecimal("-1.24"), Casts.cast("-1.235", money));
        assertEquals(new BigDecimal("7.00"), Casts.cast(7, money));
        assertEquals(new BigDecimal("0.10"), Casts.cast(0.1, money), "a double casts by its shortest text, not its binary value");
        assertEquals(new BigDecimal("9999.99"), Casts.cast("9999.994", money));
        assertEquals("cannot cast '9999.995' to decimal(6,2): needs more than 4 digits before the point",
                failure("9999.995", money));
        assertEquals("cannot cast 'Infinity' to decimal(6,2): not a finite number", failure(Double.POSITIVE_INFINITY, money));
    }

    @Test
    void castsBooleansFromWordsAndZeroOrOne() throws CastException {
        assertEquals(true, Casts.cast("Yes", BOOLEAN));
        assertEquals(false, Casts.cast(" f ", BOOLEAN));
        assertEquals(true, Casts.cast(1, BOOLEAN));
        assertEquals(false, Casts.cast(new BigDecimal("0.0"), BOOLEAN));
        assertEquals("cannot cast '2' to boolean: only 0 and 1 are booleans", failure(2, BOOLEAN));
        assertEquals("cannot cast 'maybe' to boolean: not a boolean", failure("maybe", BOOLEAN));
    }

    @Test
    void castsDatesAndTimestampsInUtc() throws CastException {
        assertEquals(LocalDate.of(2024, 3, 1), Casts.cast(OffsetDateTime.parse("2024-02-29T23:30:00-01:00"), DATE),
                "a timestamp with zone becomes its date in UTC");
        assertEquals(LocalDate.of(2024, 2, 29), Casts.cast(LocalDateTime.of(2024, 2, 29, 23, 59), DATE));
        assertEquals(OffsetDateTime.parse("2024-01-01T09:00:00Z"), Casts.cast("2024-01-01T10:00:00+01:00", TIMESTAMP));
        assertEquals(OffsetDateTime.parse("2024-01-01T10:00:00Z"), Casts.cast("2024-01-01 10:00:00", TIMESTAMP),
                "no zone means UTC");
        assertEquals(OffsetDateTime.parse("2024-01-01T00:00:00Z"), Casts.cast(LocalDate.of(2024, 1, 1), TIMESTAMP));
        assertEquals(OffsetDateTime.parse("2024-01-01T10:00:00.000001Z"),
                Casts.cast(LocalDateTime.parse("2024-01-01T10:00:00.000001"), TIMESTAMP));
        assertEquals("cannot cast '2024-02-30' to date: not an ISO-8601 date (yyyy-mm-dd)", failure("2024-02-30", DATE));
        assertEquals("cannot cast 'yesterday' to timestamp: not an ISO-8601 timestamp", failure("yesterday", TIMESTAMP));
        assertEquals("cannot cast '5' to date: not a date", failure(5, DATE));
    }

    @Test
    void refusesToCastBinaryValues() {
        assertEquals("cannot cast '00ff' to string: binary values cannot be cast", failure(new byte[] {0, -1}, STRING));
    }
}
