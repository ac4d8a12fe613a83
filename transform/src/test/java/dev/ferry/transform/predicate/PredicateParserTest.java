package dev.ferry.transform.predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PredicateParserTest {

    private static Row row(Object... pairs) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return new Row() {
            @Override
            public Object value(String column) {
                return values.get(column);
            }

            @Override
            public boolean has(String column) {
                return values.containsKey(column);
            }
        };
    }

    private static boolean eval(String expression, Object... pairs) {
        return PredicateParser.parse(expression).test(row(pairs));
    }

    @Test
    void combinesComparisonsWithAndOrNotAndParentheses() {
        String filter = "status != 'deleted' and amount > 0";
        assertTrue(eval(filter, "status", "active", "amount", new BigDecimal("0.01")));
        assertFalse(eval(filter, "status", "deleted", "amount", 5));
        assertFalse(eval(filter, "status", "active", "amount", 0L));
        assertTrue(eval("a = 1 or b = 2 and c = 3", "a", 1, "b", 0, "c", 0), "and binds tighter than or");
        assertFalse(eval("(a = 1 or b = 2) and c = 3", "a", 1, "b", 0, "c", 0));
        assertTrue(eval("not (a = 1) and NOT b = 2", "a", 2, "b", 3));
    }

    @Test
    void comparesEveryOperatorNumericallyAcrossJavaTypes() {
        assertTrue(eval("n = 1.0", "n", 1));
        assertTrue(eval("n <> 2", "n", (short) 1));
        assertTrue(eval("n < 2.5", "n", 2L));
        assertTrue(eval("n <= -1e2", "n", -100.0));
        assertTrue(eval("n >= 3", "n", 3.0f));
        assertTrue(eval("n > 2", "n", new BigDecimal("2.0000001")));
        assertTrue(eval("n = 10", "n", "10"), "a numeric text compares as a number");
        assertFalse(eval("n = 10", "n", "ten"));
    }

    @Test
    void treatsNullAsFalseInComparisonsAndTestsItWithIsNull() {
        assertFalse(eval("amount > 0", "amount", null));
        assertFalse(eval("amount != 0", "amount", null));
        assertTrue(eval("amount is null", "amount", null));
        assertTrue(eval("amount IS NOT NULL", "amount", 3));
        assertFalse(eval("status in ('a', 'b')", "status", null));
        assertFalse(eval("status not in ('a', 'b')", "status", null));
    }

    @Test
    void matchesInListsOfStringsNumbersAndBooleans() {
        assertTrue(eval("status in ('new', 'paid')", "status", "paid"));
        assertTrue(eval("status not in ('new', 'paid')", "status", "void"));
        assertTrue(eval("n in (1, 2.5, 3)", "n", new BigDecimal("2.50")));
        assertTrue(eval("flag in (true)", "flag", true));
    }

    @Test
    void comparesStringsExactlyIncludingEmptyAndUnicode() {
        assertTrue(eval("name = ''", "name", ""));
        assertFalse(eval("name is null", "name", ""));
        assertTrue(eval("name = 'Zoë ✓'", "name", "Zoë ✓"));
        assertTrue(eval("name = 'it''s'", "name", "it's"));
        assertTrue(eval("\"First Name\" = 'Ann'", "First Name", "Ann"));
    }

    @Test
    void comparesDatesAndTimestampsWithIsoLiterals() {
        assertTrue(eval("d >= '2024-01-01'", "d", LocalDate.of(2024, 2, 29)));
        assertTrue(eval("t < '2024-01-01T00:00:00'", "t", LocalDateTime.of(2023, 12, 31, 23, 59)));
        assertTrue(eval("z = '2024-01-01T01:00:00+01:00'", "z", OffsetDateTime.parse("2024-01-01T00:00:00Z")),
                "timestamps with zone compare by instant");
        assertFalse(eval("d > 'not a date'", "d", LocalDate.of(2024, 1, 1)));
    }

    @Test
    void comparesColumnsWithColumnsAndReadsBareBooleanColumns() {
        assertTrue(eval("updated >= created", "updated", 5, "created", 3));
        assertTrue(eval("active and not archived", "active", true, "archived", false));
        assertEquals(Set.of("updated", "created"), PredicateParser.parse("updated >= created or created is null").columns());
    }

    @Test
    void reportsSyntaxErrorsWithTheirPosition() {
        assertEquals("at position 10: expected a column or a value after '>', found end of expression",
                assertThrows(PredicateSyntaxException.class, () -> PredicateParser.parse("amount > ")).getMessage());
        assertEquals("at position 10: compare with null using 'is null' or 'is not null'",
                assertThrows(PredicateSyntaxException.class, () -> PredicateParser.parse("status = null")).getMessage());
        assertEquals("at position 7: unexpected character ';'",
                assertThrows(PredicateSyntaxException.class, () -> PredicateParser.parse("a = 1 ; drop table")).getMessage());
        assertEquals("at position 5: text is not closed (missing ')",
                assertThrows(PredicateSyntaxException.class, () -> PredicateParser.parse("a = 'open")).getMessage());
        assertEquals("at position 7: expected 'and', 'or' or the end of the expression",
                assertThrows(PredicateSyntaxException.class, () -> PredicateParser.parse("a = 1 b = 2")).getMessage());
        assertEquals("at position 16: expected ',' or ')', found end of expression",
                assertThrows(PredicateSyntaxException.class, () -> PredicateParser.parse("s in ('a', 'b' ")).getMessage());
        assertEquals("at position 1: empty expression",
                assertThrows(PredicateSyntaxException.class, () -> PredicateParser.parse("  ")).getMessage());
        assertEquals("at position 1: a comparison needs at least one column",
                assertThrows(PredicateSyntaxException.class, () -> PredicateParser.parse("1 = 1")).getMessage());
        assertEquals("at position 3: unexpected '!' (did you mean '!='?)",
                assertThrows(PredicateSyntaxException.class, () -> PredicateParser.parse("a ! 1")).getMessage());
        assertEquals("at position 10: expected ')', found end of expression",
                assertThrows(PredicateSyntaxException.class, () -> PredicateParser.parse("(a = 1   ")).getMessage());
    }
}
