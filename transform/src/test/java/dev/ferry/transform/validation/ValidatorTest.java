package dev.ferry.transform.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ferry.transform.mapping.CastType;
import dev.ferry.transform.predicate.PredicateParser;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ValidatorTest {

    private static final Severity E = Severity.ERROR;

    private static CheckedRow sized(int bytes, Set<String> unchanged, Object... pairs) {
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return new CheckedRow() {
            @Override
            public int mappedBytes() {
                return bytes;
            }

            @Override
            public Object value(String column) {
                return values.get(column);
            }

            @Override
            public boolean has(String column) {
                return values.containsKey(column);
            }

            @Override
            public boolean unchanged(String column) {
                return unchanged.contains(column);
            }
        };
    }

    private static CheckedRow row(Object... pairs) {
        return sized(100, Set.of(), pairs);
    }

    private static List<String> failures(ValidationRule rule, CheckedRow row) {
        return new Validator(List.of(rule)).violations(row).stream().map(Violation::message).toList();
    }

    @Test
    void notNullRefusesNullButNotEmptyStrings() {
        var rule = new ValidationRule.NotNull("email-present", E, "email");
        assertEquals(List.of("column email is null"), failures(rule, row("email", null)));
        assertEquals(List.of(), failures(rule, row("email", "")));
    }

    @Test
    void regexMustMatchTheWholeTextAndIgnoresNull() {
        var rule = new ValidationRule.Regex("email-format", E, "email", Pattern.compile("[^@\\s]+@[^@\\s]+"));
        assertEquals(List.of(), failures(rule, row("email", "zoë@exämple.org")));
        assertEquals(List.of("column email value 'x ann@x.io' does not match [^@\\s]+@[^@\\s]+"),
                failures(rule, row("email", "x ann@x.io")));
        assertEquals(List.of("column email value '' does not match [^@\\s]+@[^@\\s]+"), failures(rule, row("email", "")));
        assertEquals(List.of(), failures(rule, row("email", null)));
    }

    @Test
    void rangeIsInclusiveAndComparesNumbersAndDates() {
        var amount = new ValidationRule.Range("amount-range", E, "amount", new BigDecimal("0"), new BigDecimal("100.00"));
        assertEquals(List.of(), failures(amount, row("amount", new BigDecimal("100.000"))));
        assertEquals(List.of(), failures(amount, row("amount", 0)));
        assertEquals(List.of("column amount value -0.01 is outside [0, 100.00]"),
                failures(amount, row("amount", new BigDecimal("-0.01"))));
        var since = new ValidationRule.Range("recent", E, "day", "2000-01-01", null);
        assertEquals(List.of(), failures(since, row("day", LocalDate.of(2000, 1, 1))));
        assertEquals(List.of("column day value 1999-12-31 is outside [2000-01-01, ]"),
                failures(since, row("day", LocalDate.of(1999, 12, 31))));
        assertEquals(List.of("column amount value 'abc' cannot be compared with the range [0, 100.00]"),
                failures(amount, row("amount", "abc")));
    }

    @Test
    void maxLengthCountsUnicodeCharactersNotBytes() {
        var rule = new ValidationRule.MaxLength("name-length", E, "name", 3);
        assertEquals(List.of(), failures(rule, row("name", "Zoë")));
        assertEquals(List.of(), failures(rule, row("name", "😀😀😀")), "code points, not UTF-16 units");
        assertEquals(List.of("column name is 4 long, more than 3"), failures(rule, row("name", "Zoës")));
        assertEquals(List.of("column name is 4 long, more than 3"), failures(rule, row("name", new byte[4])));
    }

    @Test
    void oneOfComparesLikePredicateLiterals() {
        var rule = new ValidationRule.OneOf("known-status", E, "status", List.of("new", "paid", "1"));
        assertEquals(List.of(), failures(rule, row("status", "paid")));
        assertEquals(List.of(), failures(rule, row("status", 1L)));
        assertEquals(List.of("column status value 'Paid' is not one of [new, paid, 1]"), failures(rule, row("status", "Paid")));
    }

    @Test
    void maxRowBytesLooksAtTheMappedRow() {
        var rule = new ValidationRule.MaxRowBytes("item-size", E, 400);
        assertEquals(List.of(), failures(rule, sized(400, Set.of())));
        assertEquals(List.of("row is 401 bytes, more than 400"), failures(rule, sized(401, Set.of())));
    }

    @Test
    void castableSaysWhyAValueDoesNotCast() {
        var rule = new ValidationRule.Castable("amount-number", E, "amount", CastType.decimal(5, 2));
        assertEquals(List.of(), failures(rule, row("amount", "12.345")));
        assertEquals(List.of(), failures(rule, row("amount", null)));
        assertEquals(List.of("column amount: cannot cast '12,5' to decimal(5,2): not a number"),
                failures(rule, row("amount", "12,5")));
    }

    @Test
    void predicateRuleFailsWhenTheExpressionIsFalse() {
        String text = "status != 'deleted' or amount = 0";
        var rule = new ValidationRule.Check("deleted-empty", E, PredicateParser.parse(text), text);
        assertEquals(List.of(), failures(rule, row("status", "deleted", "amount", 0)));
        assertEquals(List.of("row does not satisfy status != 'deleted' or amount = 0"),
                failures(rule, row("status", "deleted", "amount", 5)));
    }

    @Test
    void splitsErrorsFromWarningsAndReportsEveryFailedRuleInOrder() {
        Validator v = new Validator(List.of(
                new ValidationRule.NotNull("a", Severity.WARN, "x"),
                new ValidationRule.NotNull("b", E, "y"),
                new ValidationRule.NotNull("c", E, "z")));
        Verdict.Invalid invalid = assertInstanceOf(Verdict.Invalid.class, v.validate(row("x", null, "y", null, "z", null)));
        assertEquals(List.of("b", "c"), invalid.errors().stream().map(Violation::ruleId).toList());
        assertEquals(List.of("a"), invalid.warnings().stream().map(Violation::ruleId).toList());
        Verdict.Valid valid = assertInstanceOf(Verdict.Valid.class, v.validate(row("x", null, "y", 1, "z", 2)));
        assertEquals(List.of("a"), valid.warnings().stream().map(Violation::ruleId).toList());
    }

    @Test
    void skipsRulesOverColumnsTheSourceDidNotSend() {
        Validator v = new Validator(List.of(new ValidationRule.NotNull("doc-present", E, "doc")));
        assertInstanceOf(Verdict.Valid.class, v.validate(sized(10, Set.of("doc"), "doc", null)));
    }
}
