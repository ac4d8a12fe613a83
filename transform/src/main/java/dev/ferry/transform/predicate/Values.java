package dev.ferry.transform.predicate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Compares two plain Java values of a row or of a literal, across kinds where the meaning is plain:
 * numbers of any Java type numerically (a string that reads as a number too), dates, times and
 * timestamps with an ISO-8601 text, timestamps with zone by instant, booleans with booleans,
 * anything else by its text.
 */
public final class Values {

    private Values() {
    }

    /**
     * @return negative, zero or positive as {@code a} is less than, equal to or greater than
     *     {@code b}; null when either is null or they cannot be compared (a number and a word)
     */
    public static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (a instanceof Number || b instanceof Number) {
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            if (x == null || y == null) {
                return nonFinite(a, b);
            }
            return x.compareTo(y);
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            Boolean x = bool(a);
            Boolean y = bool(b);
            return x == null || y == null ? null : x.compareTo(y);
        }
        try {
            if (a instanceof OffsetDateTime || b instanceof OffsetDateTime) {
                return offset(a).toInstant().compareTo(offset(b).toInstant());
            }
            if (a instanceof LocalDateTime || b instanceof LocalDateTime) {
                return local(a).compareTo(local(b));
            }
            if (a instanceof LocalDate || b instanceof LocalDate) {
                return date(a).compareTo(date(b));
            }
            if (a instanceof LocalTime || b instanceof LocalTime) {
                return time(a).compareTo(time(b));
            }
        } catch (DateTimeParseException | ClassCastException e) {
            return null;
        }
        return a.toString().compareTo(b.toString());
    }

    /** The value as a BigDecimal, or null when it is not a finite number or a numeric text. */
    public static BigDecimal number(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : BigDecimal.valueOf(d);
        }
        if (v instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? null : new BigDecimal(Float.toString(f));
        }
        if (v instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (v instanceof CharSequence s) {
            try {
                return new BigDecimal(s.toString().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Integer nonFinite(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return null;
    }

    private static Boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
        return switch (s) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static OffsetDateTime offset(Object v) {
        if (v instanceof OffsetDateTime t) {
            return t;
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
        }
        String s = v.toString().trim();
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            // A text without an offset means UTC, as Ferry documents for timestamps without zone.
            return s.length() == 10 ? LocalDate.parse(s).atStartOfDay().atOffset(java.time.ZoneOffset.UTC)
                    : LocalDateTime.parse(s).atOffset(java.time.ZoneOffset.UTC);
        }
    }

    private static LocalDateTime local(Object v) {
        if (v instanceof LocalDateTime t) {
            return t;
        }
        if (v instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        String s = v.toString().trim();
        return s.length() == 10 ? LocalDate.parse(s).atStartOfDay() : LocalDateTime.parse(s);
    }

    private static LocalDate date(Object v) {
        return v instanceof LocalDate d ? d : LocalDate.parse(v.toString().trim());
    }

    private static LocalTime time(Object v) {
        return v instanceof LocalTime t ? t : LocalTime.parse(v.toString().trim());
    }
}
