package dev.ferry.transform.validation;

import dev.ferry.transform.mapping.CastException;
import dev.ferry.transform.mapping.CastType;
import dev.ferry.transform.mapping.Casts;
import dev.ferry.transform.predicate.Predicate;
import dev.ferry.transform.predicate.Values;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One validation rule of a table, over the source row (source column names, values before
 * mapping; {@link MaxRowBytes} looks at the mapped row). A rule on a column ignores NULL (use
 * {@link NotNull} for that) and is not evaluated when the source did not send the column's value
 * (TOAST).
 */
public sealed interface ValidationRule {

    /** Unique within the table's rules; reported in the dead-letter header {@code ferry.rule}. */
    String id();

    Severity severity();

    /** The source columns the rule reads. */
    Set<String> columns();

    /**
     * @return why the row fails the rule, or empty when it passes
     */
    Optional<String> check(CheckedRow row);

    /** The column must not be NULL. */
    record NotNull(String id, Severity severity, String column) implements ValidationRule {
        public NotNull {
            Objects.requireNonNull(column, "column");
        }

        @Override
        public Set<String> columns() {
            return Set.of(column);
        }

        @Override
        public Optional<String> check(CheckedRow row) {
            return row.value(column) == null ? Optional.of("column " + column + " is null") : Optional.empty();
        }
    }

    /** The column's text must match {@code pattern} entirely. */
    record Regex(String id, Severity severity, String column, Pattern pattern) implements ValidationRule {
        @Override
        public Set<String> columns() {
            return Set.of(column);
        }

        @Override
        public Optional<String> check(CheckedRow row) {
            Object v = row.value(column);
            return v == null || pattern.matcher(Casts.text(v)).matches() ? Optional.empty()
                    : Optional.of("column " + column + " value '" + shown(v) + "' does not match " + pattern.pattern());
        }
    }

    /**
     * The column must lie within {@code [min, max]} (either bound may be null: unbounded). Bounds
     * are compared as numbers, dates or timestamps, like predicate literals.
     */
    record Range(String id, Severity severity, String column, Object min, Object max) implements ValidationRule {
        @Override
        public Set<String> columns() {
            return Set.of(column);
        }

        @Override
        public Optional<String> check(CheckedRow row) {
            Object v = row.value(column);
            if (v == null) {
                return Optional.empty();
            }
            Integer low = min == null ? Integer.valueOf(1) : Values.compare(v, min);
            Integer high = max == null ? Integer.valueOf(-1) : Values.compare(v, max);
            if (low == null || high == null) {
                return Optional.of("column " + column + " value '" + shown(v) + "' cannot be compared with the range "
                        + bounds());
            }
            return low >= 0 && high <= 0 ? Optional.empty()
                    : Optional.of("column " + column + " value " + shown(v) + " is outside " + bounds());
        }

        private String bounds() {
            return "[" + (min == null ? "" : Casts.text(min)) + ", " + (max == null ? "" : Casts.text(max)) + "]";
        }
    }

    /** The column's text must have at most {@code max} characters (Unicode code points; bytes for binary). */
    record MaxLength(String id, Severity severity, String column, int max) implements ValidationRule {
        @Override
        public Set<String> columns() {
            return Set.of(column);
        }

        @Override
        public Optional<String> check(CheckedRow row) {
            Object v = row.value(column);
            if (v == null) {
                return Optional.empty();
            }
            int length = v instanceof byte[] b ? b.length : Casts.text(v).codePointCount(0, Casts.text(v).length());
            return length <= max ? Optional.empty()
                    : Optional.of("column " + column + " is " + length + " long, more than " + max);
        }
    }

    /** The column's value must equal one of {@code values} (compared like predicate literals). */
    record OneOf(String id, Severity severity, String column, List<String> values) implements ValidationRule {
        public OneOf {
            values = List.copyOf(values);
        }

        @Override
        public Set<String> columns() {
            return Set.of(column);
        }

        @Override
        public Optional<String> check(CheckedRow row) {
            Object v = row.value(column);
            if (v == null) {
                return Optional.empty();
            }
            boolean found = values.stream().anyMatch(candidate -> {
                Integer c = Values.compare(v, candidate);
                return c != null && c == 0;
            });
            return found ? Optional.empty()
                    : Optional.of("column " + column + " value '" + shown(v) + "' is not one of " + values);
        }
    }

    /** The mapped row, Avro-encoded, must take at most {@code max} bytes (a target's item size limit). */
    record MaxRowBytes(String id, Severity severity, int max) implements ValidationRule {
        @Override
        public Set<String> columns() {
            return Set.of();
        }

        @Override
        public Optional<String> check(CheckedRow row) {
            int bytes = row.mappedBytes();
            return bytes <= max ? Optional.empty() : Optional.of("row is " + bytes + " bytes, more than " + max);
        }
    }

    /** The column's value must cast to {@code to} (see {@link Casts} for what casts). */
    record Castable(String id, Severity severity, String column, CastType to) implements ValidationRule {
        @Override
        public Set<String> columns() {
            return Set.of(column);
        }

        @Override
        public Optional<String> check(CheckedRow row) {
            try {
                Casts.cast(row.value(column), to);
                return Optional.empty();
            } catch (CastException e) {
                return Optional.of("column " + column + ": " + e.getMessage());
            }
        }
    }

    /** The row must satisfy a predicate ({@code expression} is its text, for messages). */
    record Check(String id, Severity severity, Predicate predicate, String expression) implements ValidationRule {
        @Override
        public Set<String> columns() {
            return predicate.columns();
        }

        @Override
        public Optional<String> check(CheckedRow row) {
            return predicate.test(row) ? Optional.empty() : Optional.of("row does not satisfy " + expression);
        }
    }

    private static String shown(Object v) {
        String s = Casts.text(v);
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
