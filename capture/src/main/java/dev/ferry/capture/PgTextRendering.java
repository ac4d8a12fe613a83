package dev.ferry.capture;

import dev.ferry.schemas.types.PgText;
import io.debezium.connector.postgresql.PostgresValueConverter;
import io.debezium.connector.postgresql.UnchangedToastedReplicationMessageColumn;
import io.debezium.data.SpecialValueDecimal;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.postgresql.PGStatement;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

/**
 * Renders the Java value Debezium hands a column converter as PostgreSQL's text of that value, the
 * same text for the snapshot (JDBC {@code getObject}: {@code java.sql.Timestamp} and {@code Date} in
 * the JVM's hybrid Julian/Gregorian calendar, {@code PGInterval}, {@code PgArray}, {@code PGobject},
 * {@code Map} for hstore, a {@code Double} for money, {@link SpecialValueDecimal} for numeric,
 * infinity sentinels) and for the stream (Debezium's parse of the pgoutput text: {@code LocalDate},
 * {@code Instant}, {@code OffsetDateTime} in the proleptic Gregorian calendar, {@code BigDecimal}
 * for money, the same PostgreSQL objects). Dates and times are written as PostgreSQL's ISO
 * {@code DateStyle} writes them ({@code 0044-03-15 12:00:00 BC}, {@code infinity}).
 *
 * <p>What cannot be rendered exactly becomes a {@linkplain PgText#refused refusal}: a streamed
 * {@code timetz} (Debezium's decoder keeps only its UTC time, not its offset) and a snapshot money
 * value beyond ±90 trillion (JDBC hands it over as a double).
 */
final class PgTextRendering {

    /** Debezium's placeholder for an unchanged TOASTed value ({@code unavailable.value.placeholder}). */
    static final String UNAVAILABLE = "__debezium_unavailable_value";
    /** Below 2^45 a double is closer than half a cent to the money value it was read from. */
    private static final double EXACT_MONEY_LIMIT = 35_184_372_088_832.0;

    private final boolean money;
    private final boolean withTimeZone;
    /** "table.column", for the reason of a refusal. */
    private final String column;

    private PgTextRendering(boolean money, boolean withTimeZone, String column) {
        this.money = money;
        this.withTimeZone = withTimeZone;
        this.column = column;
    }

    /**
     * @param typname the type's {@code pg_type.typname}
     * @param type its {@code format_type}
     * @param column the column ({@code schema.table.column}), named in refusals
     */
    static PgTextRendering forType(String typname, String type, String column) {
        return new PgTextRendering("money".equals(typname), type.endsWith("with time zone"), column);
    }

    /** @return the text, {@link #UNAVAILABLE} for an unchanged TOASTed value, a refusal, or null for null */
    Object render(Object value) {
        if (value == null) {
            return null;
        }
        if (UnchangedToastedReplicationMessageColumn.isUnchangedToastedValue(value) || value instanceof List<?>
                || value instanceof Map<?, ?> m && m.containsKey(UNAVAILABLE)) {
            return UNAVAILABLE;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof SpecialValueDecimal d) {
            return decimal(d);
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (money && value instanceof Double d) {
            if (Math.abs(d) >= EXACT_MONEY_LIMIT) {
                return PgText.refused("column " + column + ": the money value " + d + " is beyond what the snapshot reads exactly"
                        + " (JDBC hands money over as a double; below ±35,184,372,088,832.00 only)");
            }
            return new BigDecimal(d).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        }
        if (value instanceof java.sql.Timestamp t) {
            return timestamp(t);
        }
        if (value instanceof java.sql.Date d) {
            return date(d);
        }
        if (value instanceof LocalDate d) {
            return localDate(d);
        }
        if (value instanceof Instant i) {
            return instant(i);
        }
        if (value instanceof OffsetDateTime t) {
            return offsetDateTime(t);
        }
        if (value instanceof LocalTime t) {
            return time(t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
        }
        if (value instanceof OffsetTime t) {
            return PgText.refused("column " + column + ": the timetz value " + t + " (in UTC) lost its original offset in Debezium's"
                    + " pgoutput decoder; it cannot be written exactly");
        }
        if (value instanceof java.sql.SQLXML x) {
            return xml(x);
        }
        if (value instanceof PGInterval i) {
            return interval(i);
        }
        if (value instanceof PGobject o) {
            return o.getValue();
        }
        if (value instanceof java.sql.Array a) {
            return a.toString();
        }
        if (value instanceof Map<?, ?> m) {
            return hstore(m);
        }
        if (value instanceof byte[] b) {
            return "\\x" + HexFormat.of().formatHex(b);
        }
        return value.toString();
    }

    private static String xml(java.sql.SQLXML x) {
        try {
            return x.getString();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read an xml value: " + e.getMessage(), e);
        }
    }

    private static String decimal(SpecialValueDecimal d) {
        if (SpecialValueDecimal.NOT_A_NUMBER.equals(d)) {
            return "NaN";
        }
        if (SpecialValueDecimal.POSITIVE_INF.equals(d)) {
            return "Infinity";
        }
        if (SpecialValueDecimal.NEGATIVE_INF.equals(d)) {
            return "-Infinity";
        }
        return d.getDecimalValue().orElseThrow().toPlainString();
    }

    /** pgjdbc built the Timestamp from the text's fields in a hybrid calendar: read them back from one. */
    private String timestamp(java.sql.Timestamp t) {
        long millis = t.getTime();
        if (millis == PGStatement.DATE_POSITIVE_INFINITY || millis == PGStatement.DATE_POSITIVE_SMALLER_INFINITY) {
            return "infinity";
        }
        if (millis == PGStatement.DATE_NEGATIVE_INFINITY || millis == PGStatement.DATE_NEGATIVE_SMALLER_INFINITY) {
            return "-infinity";
        }
        GregorianCalendar c = calendar(withTimeZone ? TimeZone.getTimeZone("UTC") : TimeZone.getDefault(), millis);
        if (inCalendarGap(c)) {
            return gapRefusal(t.toString());
        }
        String text = date(c) + " " + time(c.get(Calendar.HOUR_OF_DAY), c.get(Calendar.MINUTE), c.get(Calendar.SECOND),
                t.getNanos() / 1000) + (withTimeZone ? "+00" : "");
        return c.get(Calendar.ERA) == GregorianCalendar.BC ? text + " BC" : text;
    }

    private String date(java.sql.Date d) {
        long millis = d.getTime();
        if (millis == PGStatement.DATE_POSITIVE_INFINITY || millis == PGStatement.DATE_POSITIVE_SMALLER_INFINITY) {
            return "infinity";
        }
        if (millis == PGStatement.DATE_NEGATIVE_INFINITY || millis == PGStatement.DATE_NEGATIVE_SMALLER_INFINITY) {
            return "-infinity";
        }
        GregorianCalendar c = calendar(TimeZone.getDefault(), millis);
        if (inCalendarGap(c)) {
            return gapRefusal(d.toString());
        }
        return c.get(Calendar.ERA) == GregorianCalendar.BC ? date(c) + " BC" : date(c);
    }

    /**
     * JDBC reads the days PostgreSQL has from 1582-10-05 to 1582-10-14 (which the Julian/Gregorian
     * calendar of {@code java.sql} lacks) as the ten days after them: those ten days are ambiguous.
     */
    private static boolean inCalendarGap(GregorianCalendar c) {
        return c.get(Calendar.ERA) == GregorianCalendar.AD && c.get(Calendar.YEAR) == 1582
                && c.get(Calendar.MONTH) == Calendar.OCTOBER && c.get(Calendar.DAY_OF_MONTH) >= 15
                && c.get(Calendar.DAY_OF_MONTH) <= 24;
    }

    private String gapRefusal(String value) {
        return PgText.refused("column " + column + ": the value read as " + value + " may be a day from 1582-10-05 to"
                + " 1582-10-14, which JDBC's calendar moves by ten days (re-snapshot reads values through JDBC)");
    }

    private static GregorianCalendar calendar(TimeZone zone, long millis) {
        GregorianCalendar c = new GregorianCalendar(zone);
        c.setTimeInMillis(millis);
        return c;
    }

    private static String date(GregorianCalendar c) {
        return ymd(c.get(Calendar.YEAR), c.get(Calendar.MONTH) + 1, c.get(Calendar.DAY_OF_MONTH));
    }

    private static String localDate(LocalDate d) {
        if (d.equals(PostgresValueConverter.POSITIVE_INFINITY_LOCAL_DATE)) {
            return "infinity";
        }
        if (d.equals(PostgresValueConverter.NEGATIVE_INFINITY_LOCAL_DATE)) {
            return "-infinity";
        }
        return isoDate(d);
    }

    /** A proleptic Gregorian date as PostgreSQL writes it: year 0 is 1 BC. */
    private static String isoDate(LocalDate d) {
        int year = d.getYear();
        String text = ymd(year > 0 ? year : 1 - year, d.getMonthValue(), d.getDayOfMonth());
        return year > 0 ? text : text + " BC";
    }

    private static String instant(Instant i) {
        if (i.equals(PostgresValueConverter.POSITIVE_INFINITY_INSTANT)) {
            return "infinity";
        }
        if (i.equals(PostgresValueConverter.NEGATIVE_INFINITY_INSTANT)) {
            return "-infinity";
        }
        return dateTime(LocalDateTime.ofInstant(i, ZoneOffset.UTC), "");
    }

    private static String offsetDateTime(OffsetDateTime t) {
        if (t.equals(PostgresValueConverter.POSITIVE_INFINITY_OFFSET_DATE_TIME)) {
            return "infinity";
        }
        if (t.equals(PostgresValueConverter.NEGATIVE_INFINITY_OFFSET_DATE_TIME)) {
            return "-infinity";
        }
        return dateTime(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), "+00");
    }

    private static String dateTime(LocalDateTime t, String zone) {
        String text = isoDate(t.toLocalDate());
        int bc = text.indexOf(" BC");
        String day = bc < 0 ? text : text.substring(0, bc);
        String time = time(t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
        return day + " " + time + zone + (bc < 0 ? "" : " BC");
    }

    private static String ymd(int year, int month, int day) {
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
    }

    /** {@code HH:MM:SS} and, when not zero, the microseconds without trailing zeros. */
    private static String time(int hour, int minute, int second, int micros) {
        StringBuilder b = new StringBuilder(15).append(pad(hour, 2)).append(':').append(pad(minute, 2)).append(':')
                .append(pad(second, 2));
        if (micros != 0) {
            String f = pad(micros, 6);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(f, 0, end);
        }
        return b.toString();
    }

    /** Months, days and the time part as PostgreSQL's own interval output writes them. */
    private static String interval(PGInterval i) {
        long months = (long) i.getYears() * 12 + i.getMonths();
        long micros = (((long) i.getHours() * 60 + i.getMinutes()) * 60 + i.getWholeSeconds()) * 1_000_000L + i.getMicroSeconds();
        long abs = Math.abs(micros);
        long seconds = abs / 1_000_000L;
        String time = (micros < 0 ? "-" : "") + (seconds / 3600) + ":" + pad((int) (seconds / 60 % 60), 2) + ":"
                + pad((int) (seconds % 60), 2) + "." + pad((int) (abs % 1_000_000L), 6);
        return months + " mons " + i.getDays() + " days " + time;
    }

    private static String hstore(Map<?, ?> m) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(quote(e.getKey().toString())).append("=>").append(e.getValue() == null ? "NULL" : quote(e.getValue().toString()));
        }
        return b.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String pad(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }
}
