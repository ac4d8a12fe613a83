package dev.ferry.schemas.types;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The text form of a MariaDB/MySQL {@code TIME} value, which is a signed length of time rather
 * than a time of day ({@code -838:59:59.999999} to {@code 838:59:59.999999}):
 * {@code [-]H:MM:SS[.ffffff]}, hours unbounded. MariaDB and PostgreSQL ({@code interval}) both read
 * and render this form.
 */
public final class SignedTimes {

    private SignedTimes() {
    }

    /** {@code [-]H:MM:SS.ffffff}, always with six decimals (what a MariaDB {@code TIME(6)} renders). */
    public static String format(Duration d) {
        long micros = micros(d);
        long abs = Math.abs(micros);
        long seconds = abs / 1_000_000;
        return "%s%d:%02d:%02d.%06d".formatted(micros < 0 ? "-" : "", seconds / 3600, seconds / 60 % 60, seconds % 60,
                abs % 1_000_000);
    }

    /**
     * Parses {@code [-]H:MM:SS[.f]} (MariaDB's and PostgreSQL's rendering of a time span of hours).
     *
     * @throws IllegalArgumentException for another form
     */
    public static Duration parse(String text) {
        String t = text.trim();
        boolean negative = t.startsWith("-");
        String[] parts = (negative ? t.substring(1) : t).split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a time span [-]H:MM:SS[.ffffff]: " + text);
        }
        String[] secondParts = parts[2].split("\\.", 2);
        String fraction = secondParts.length == 2 ? (secondParts[1] + "000000").substring(0, 6) : "0";
        long micros = ((Long.parseLong(parts[0]) * 60 + Long.parseLong(parts[1])) * 60 + Long.parseLong(secondParts[0]))
                * 1_000_000 + Long.parseLong(fraction);
        return Duration.of(negative ? -micros : micros, ChronoUnit.MICROS);
    }

    /** The span in whole microseconds (finer parts are dropped: these values have microsecond precision). */
    public static long micros(Duration d) {
        return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1_000);
    }
}
