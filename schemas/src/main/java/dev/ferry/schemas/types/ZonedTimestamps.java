package dev.ferry.schemas.types;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Debezium's zoned timestamps ({@code io.debezium.time.ZonedTimestamp}): ISO-8601 text such as
 * {@code 2024-02-29T23:59:59.123456Z}. The common UTC shape is read and written by hand, because
 * {@code DateTimeFormatter} dominates the cost of moving and verifying timestamp columns; any other
 * shape goes through {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME}.
 */
final class ZonedTimestamps {

    private ZonedTimestamps() {
    }

    static OffsetDateTime parse(String text) {
        int n = text.length();
        if (n >= 20 && n <= 30 && text.charAt(n - 1) == 'Z' && text.charAt(4) == '-' && text.charAt(7) == '-'
                && text.charAt(10) == 'T' && text.charAt(13) == ':' && text.charAt(16) == ':') {
            try {
                int nanos = 0;
                if (n > 20) {
                    if (text.charAt(19) != '.') {
                        return slow(text);
                    }
                    String fraction = text.substring(20, n - 1);
                    nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
                }
                LocalDateTime local = LocalDateTime.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10),
                        digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19), nanos);
                return OffsetDateTime.of(local, ZoneOffset.UTC);
            } catch (RuntimeException e) {
                return slow(text);
            }
        }
        return slow(text);
    }

    /** UTC, with as few fraction digits as keep the value, as {@code ISO_OFFSET_DATE_TIME} writes. */
    static String format(OffsetDateTime value) {
        LocalDateTime t = value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return value.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        StringBuilder b = new StringBuilder(30);
        pad(b, t.getYear(), 4).append('-');
        pad(b, t.getMonthValue(), 2).append('-');
        pad(b, t.getDayOfMonth(), 2).append('T');
        pad(b, t.getHour(), 2).append(':');
        pad(b, t.getMinute(), 2).append(':');
        pad(b, t.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            int width = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                width--;
            }
            pad(b.append('.'), nanos, width);
        }
        return b.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static OffsetDateTime slow(String text) {
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
