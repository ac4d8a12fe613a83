package dev.ferry.schemas.types;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * PostgreSQL values carried as PostgreSQL's own text rendering ({@link Kind#PG_TEXT}): a Connect
 * string named {@value #SCHEMA_NAME} whose parameter {@value #TYPE_PARAMETER} holds the exact
 * source type ({@code format_type}). A PostgreSQL target reads the text back with a cast to that
 * type, which gives the same value for every type PostgreSQL has (its text form is what it
 * round-trips); another database reads the few types it has an equivalent of through
 * {@link #plainKind} and {@link #plainValue}.
 *
 * <p>A value that capture could not render exactly travels as a <em>refusal</em>: a text starting
 * with NUL (which no PostgreSQL text can contain) followed by the reason. Every target refuses to
 * write it (dead letter, cause {@code type}), so the row is never written with a changed value.
 */
public final class PgText {

    /** The Connect schema name of a PostgreSQL text value. */
    public static final String SCHEMA_NAME = "dev.ferry.PgText";
    /** The Connect schema parameter holding the exact PostgreSQL type. */
    public static final String TYPE_PARAMETER = "ferry.pg.type";

    private static final char REFUSAL = '\u0000';

    private PgText() {
    }

    /** A refusal carrying {@code reason} in place of a value. */
    public static String refused(String reason) {
        return REFUSAL + reason;
    }

    /** The reason when {@code text} is a refusal, else empty. */
    public static Optional<String> refusal(String text) {
        return !text.isEmpty() && text.charAt(0) == REFUSAL ? Optional.of(text.substring(1)) : Optional.empty();
    }

    /**
     * The plain kind that holds values of a PostgreSQL type in a database without it: numeric and
     * money as decimals, date, time, timestamp and timestamptz as themselves, anything else
     * (arrays included) as its text.
     */
    public static Kind plainKind(String pgType) {
        if (pgType.endsWith("]")) {
            return Kind.STRING;
        }
        if (pgType.startsWith("numeric") || pgType.equals("money")) {
            return Kind.VARIABLE_DECIMAL;
        }
        if (pgType.equals("date")) {
            return Kind.DATE;
        }
        if (pgType.startsWith("time") && pgType.endsWith("without time zone")) {
            return pgType.startsWith("timestamp") ? Kind.TIMESTAMP : Kind.TIME;
        }
        if (pgType.startsWith("timestamp") && pgType.endsWith("with time zone")) {
            return Kind.TIMESTAMP_TZ;
        }
        return Kind.STRING;
    }

    /**
     * The plain column type of a {@link Kind#PG_TEXT} column, {@link #plainKind} with the precision
     * and scale of {@code numeric(p,s)} ({@code money} as {@code numeric(19,2)}).
     */
    public static ColumnType plainType(ColumnType type) {
        String pg = type.sourceType();
        Kind kind = plainKind(pg);
        if (pg.equals("money")) {
            return new ColumnType(Kind.DECIMAL, type.optional(), 19, 2, null, 0);
        }
        if (kind == Kind.VARIABLE_DECIMAL && pg.startsWith("numeric(")) {
            String[] ps = pg.substring("numeric(".length(), pg.length() - 1).split(",");
            return new ColumnType(Kind.DECIMAL, type.optional(), Integer.valueOf(ps[0].trim()),
                    ps.length > 1 ? Integer.valueOf(ps[1].trim()) : 0, null, 0);
        }
        return new ColumnType(kind, type.optional(), null, null, null, kind == Kind.TIME || kind == Kind.TIMESTAMP ? 1_000_000L : 0);
    }

    /**
     * Reads a PostgreSQL text of {@code pgType} as the plain Java value of {@link #plainKind}
     * (BigDecimal, LocalDate, LocalTime, LocalDateTime, OffsetDateTime or String).
     *
     * @throws IllegalArgumentException when the value has no plain equivalent (NaN and infinities of
     *     numeric, infinite dates and timestamps, the time 24:00:00) or is a refusal
     */
    public static Object plainValue(String pgType, String text) {
        Optional<String> refused = refusal(text);
        if (refused.isPresent()) {
            throw new IllegalArgumentException(refused.get());
        }
        Kind kind = plainKind(pgType);
        if (kind != Kind.STRING && (text.endsWith("infinity") || text.equals("NaN") || text.endsWith("Infinity"))) {
            throw new IllegalArgumentException("the " + pgType + " value " + text + " has no equivalent outside PostgreSQL");
        }
        try {
            return switch (kind) {
                case VARIABLE_DECIMAL -> new BigDecimal(pgType.equals("money") ? money(text) : text);
                case DATE -> date(text);
                case TIME -> LocalTime.parse(text);
                case TIMESTAMP -> timestamp(text);
                case TIMESTAMP_TZ -> timestampTz(text);
                default -> text;
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the " + pgType + " value " + text + " has no equivalent outside PostgreSQL: "
                    + e.getMessage(), e);
        }
    }

    private static String money(String text) {
        return text.replace("$", "").replace(",", "");
    }

    private static LocalDate date(String text) {
        boolean bc = text.endsWith(" BC");
        String t = bc ? text.substring(0, text.length() - 3) : text;
        int dash = t.indexOf('-', 1);
        int year = Integer.parseInt(t.substring(0, dash));
        return LocalDate.parse("2000" + t.substring(dash)).withYear(bc ? 1 - year : year);
    }

    private static LocalDateTime timestamp(String text) {
        boolean bc = text.endsWith(" BC");
        String t = bc ? text.substring(0, text.length() - 3) : text;
        int space = t.indexOf(' ');
        return LocalDateTime.of(date(t.substring(0, space) + (bc ? " BC" : "")), LocalTime.parse(t.substring(space + 1)));
    }

    private static OffsetDateTime timestampTz(String text) {
        boolean bc = text.endsWith(" BC");
        String t = bc ? text.substring(0, text.length() - 3) : text;
        int sign = Math.max(t.lastIndexOf('+'), t.lastIndexOf('-'));
        ZoneOffset zone = ZoneOffset.of(t.substring(sign));
        return OffsetDateTime.of(timestamp(t.substring(0, sign) + (bc ? " BC" : "")), zone);
    }
}
