package dev.ferry.transform.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/**
 * Casts plain Java values (as {@code ColumnType.toJava} gives them) to a {@link CastType}. A pure
 * function; NULL casts to NULL.
 *
 * <p>The rule for what cannot be cast: a value casts when it has exactly one meaning in the target
 * type, otherwise the cast fails with a {@link CastException} (which the transform turns into a
 * validation failure). So: a text must read as the target ({@code " 42 "} → 42, {@code "4x"}
 * fails); integers must fit ({@code 3000000000} to int fails) and have no fraction ({@code 1.00}
 * → 1, {@code 1.5} fails); a decimal is rounded half away from zero to its scale (as PostgreSQL
 * does) and fails when its integer digits exceed {@code precision - scale}; NaN and infinities
 * cast only to double and string; booleans read {@code true/false/t/f/yes/no/y/n/1/0} and the
 * numbers 0 and 1; a timestamp or date without zone is taken as UTC; a timestamp with zone casts to
 * a date in UTC; binary values cast to nothing.
 */
public final class Casts {

    private Casts() {
    }

    /**
     * @param value a plain Java value, or null
     * @return the value as the target's Java type (String, Integer, Long, Double, BigDecimal with the
     *     target scale, Boolean, LocalDate, OffsetDateTime in UTC), or null for null
     * @throws CastException when the value cannot be cast
     */
    public static Object cast(Object value, CastType to) throws CastException {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] || value instanceof java.nio.ByteBuffer) {
            throw fail(value, to, "binary values cannot be cast");
        }
        return switch (to.target()) {
            case STRING -> text(value);
            case INT -> {
                long l = integral(value, to);
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    throw fail(value, to, "out of range");
                }
                yield (int) l;
            }
            case LONG -> integral(value, to);
            case DOUBLE -> toDouble(value, to);
            case DECIMAL -> decimal(value, to);
            case BOOLEAN -> bool(value, to);
            case DATE -> date(value, to);
            case TIMESTAMP -> timestamp(value, to);
        };
    }

    /** The canonical text of a value: plain decimals ({@code 1E+3} → {@code 1000}), ISO-8601 times. */
    public static String text(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof OffsetDateTime t) {
            return t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (value instanceof byte[] b) {
            return java.util.HexFormat.of().formatHex(b);
        }
        return value.toString();
    }

    private static long integral(Object value, CastType to) throws CastException {
        BigDecimal d = number(value, to);
        try {
            return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw fail(value, to, d.stripTrailingZeros().scale() > 0 ? "has a fraction" : "out of range");
        }
    }

    private static double toDouble(Object value, CastType to) throws CastException {
        if (value instanceof Number n && !(value instanceof BigDecimal)) {
            return n.doubleValue();
        }
        if (value instanceof CharSequence s) {
            String t = s.toString().trim();
            switch (t.toLowerCase(Locale.ROOT)) {
                case "nan" -> {
                    return Double.NaN;
                }
                case "infinity", "+infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                }
            }
        }
        return number(value, to).doubleValue();
    }

    private static BigDecimal decimal(Object value, CastType to) throws CastException {
        BigDecimal d = number(value, to).setScale(to.scale(), RoundingMode.HALF_UP);
        if (d.precision() - d.scale() > to.precision() - to.scale() && d.signum() != 0) {
            throw fail(value, to, "needs more than " + (to.precision() - to.scale()) + " digits before the point");
        }
        return d;
    }

    private static BigDecimal number(Object value, CastType to) throws CastException {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw fail(value, to, "not a finite number");
            }
            return new BigDecimal(value.toString());
        }
        if (value instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        if (value instanceof CharSequence s) {
            try {
                return new BigDecimal(s.toString().trim());
            } catch (NumberFormatException e) {
                throw fail(value, to, "not a number");
            }
        }
        throw fail(value, to, "not a number");
    }

    private static Boolean bool(Object value, CastType to) throws CastException {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number) {
            BigDecimal d = number(value, to);
            if (d.compareTo(BigDecimal.ZERO) == 0) {
                return false;
            }
            if (d.compareTo(BigDecimal.ONE) == 0) {
                return true;
            }
            throw fail(value, to, "only 0 and 1 are booleans");
        }
        if (value instanceof CharSequence s) {
            return switch (s.toString().trim().toLowerCase(Locale.ROOT)) {
                case "true", "t", "yes", "y", "1" -> true;
                case "false", "f", "no", "n", "0" -> false;
                default -> throw fail(value, to, "not a boolean");
            };
        }
        throw fail(value, to, "not a boolean");
    }

    private static LocalDate date(Object value, CastType to) throws CastException {
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        }
        if (value instanceof CharSequence s) {
            try {
                return LocalDate.parse(s.toString().trim());
            } catch (DateTimeParseException e) {
                throw fail(value, to, "not an ISO-8601 date (yyyy-mm-dd)");
            }
        }
        throw fail(value, to, "not a date");
    }

    private static OffsetDateTime timestamp(Object value, CastType to) throws CastException {
        OffsetDateTime t;
        if (value instanceof OffsetDateTime o) {
            t = o;
        } else if (value instanceof LocalDateTime l) {
            t = l.atOffset(ZoneOffset.UTC);
        } else if (value instanceof LocalDate d) {
            t = d.atStartOfDay().atOffset(ZoneOffset.UTC);
        } else if (value instanceof CharSequence s) {
            t = parseTimestamp(s.toString().trim(), value, to);
        } else {
            throw fail(value, to, "not a timestamp");
        }
        return t.withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static OffsetDateTime parseTimestamp(String s, Object value, CastType to) throws CastException {
        String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + "T" + s.substring(11) : s;
        try {
            return OffsetDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(iso).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(iso).atStartOfDay().atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw fail(value, to, "not an ISO-8601 timestamp");
                }
            }
        }
    }

    /** Parses a configured text (a default) as a plain Java value of {@code kind}'s Java type. */
    static Object parse(String text, dev.ferry.schemas.types.Kind kind) throws CastException {
        try {
            return switch (kind) {
                case BOOLEAN -> cast(text, CastType.of(CastType.Target.BOOLEAN));
                case INT16 -> (short) (int) cast(text, CastType.of(CastType.Target.INT));
                case INT32 -> cast(text, CastType.of(CastType.Target.INT));
                case INT64 -> cast(text, CastType.of(CastType.Target.LONG));
                case FLOAT32 -> (float) (double) cast(text, CastType.of(CastType.Target.DOUBLE));
                case FLOAT64 -> cast(text, CastType.of(CastType.Target.DOUBLE));
                case DECIMAL, VARIABLE_DECIMAL -> new BigDecimal(text.trim());
                case STRING, JSON, PG_TEXT -> text;
                case UUID -> UUID.fromString(text.trim());
                case DATE -> LocalDate.parse(text.trim());
                case TIME -> LocalTime.parse(text.trim());
                case DURATION -> dev.ferry.schemas.types.SignedTimes.parse(text);
                case TIMESTAMP -> LocalDateTime.parse(text.trim());
                case TIMESTAMP_TZ -> cast(text, CastType.of(CastType.Target.TIMESTAMP));
                case BYTES -> throw new CastException("binary columns take no default");
            };
        } catch (RuntimeException e) {
            throw new CastException("'" + text + "' is not a " + kind.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
        }
    }

    private static CastException fail(Object value, CastType to, String why) {
        String shown = text(value);
        if (shown.length() > 60) {
            shown = shown.substring(0, 60) + "...";
        }
        return new CastException("cannot cast '" + shown + "' to " + to + ": " + why);
    }
}
