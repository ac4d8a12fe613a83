package dev.ferry.capture;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.SignedTimes;
import io.debezium.spi.converter.CustomConverter;
import io.debezium.spi.converter.RelationalColumn;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.connect.data.SchemaBuilder;

/**
 * Carries MariaDB/MySQL {@code YEAR} exactly (see {@link #year}), and gives {@code TIME} columns their own semantic type ({@link ColumnType#SIGNED_TIME},
 * int64 microseconds): a {@code TIME} there is a signed span from {@code -838:59:59.999999} to
 * {@code 838:59:59.999999}, not a time of day, and a sink that took it for one could not hold
 * {@code 25:00:00} or {@code -00:00:01}. The value is the same in the snapshot (Debezium reads
 * the column's text into a {@link Duration}) and in the binary log (a {@link Duration} too).
 */
public final class BinlogTimeConverter implements CustomConverter<SchemaBuilder, RelationalColumn> {

    @Override
    public void configure(Properties properties) {
    }

    @Override
    public void converterFor(RelationalColumn column, ConverterRegistration<SchemaBuilder> registration) {
        String type = column.typeName().toUpperCase(Locale.ROOT);
        if ("YEAR".equals(type)) {
            SchemaBuilder year = SchemaBuilder.int32().name("io.debezium.time.Year").version(1);
            if (column.isOptional()) {
                year.optional();
            }
            registration.register(year, value -> value == null ? null : year(value, column));
            return;
        }
        if (!"TIME".equals(type)) {
            return;
        }
        SchemaBuilder schema = SchemaBuilder.int64().name(ColumnType.SIGNED_TIME).version(1);
        if (column.isOptional()) {
            schema.optional();
        }
        registration.register(schema, value -> value == null ? null : micros(value, column));
    }

    /**
     * A YEAR as stored: 0 (YEAR 0000) or 1901..2155. Debezium's own conversion turns 0000 into 2000
     * in the snapshot (its two-digit year rule) and the binary log client into 1900 (it adds 1900 to
     * the stored byte 0); 1900 is no YEAR value, so it can only mean 0000.
     */
    static int year(Object value, RelationalColumn column) {
        int year;
        if (value instanceof Number n) {
            year = n.intValue();
        } else if (value instanceof java.sql.Date d) {
            year = d.toLocalDate().getYear();
        } else if (value instanceof java.time.LocalDate d) {
            year = d.getYear();
        } else if (value instanceof java.time.Year y) {
            year = y.getValue();
        } else if (value instanceof CharSequence text) {
            year = Integer.parseInt(text.toString().trim());
        } else {
            throw new IllegalArgumentException("YEAR column " + column.name() + ": unexpected value " + value + " ("
                    + value.getClass().getName() + ")");
        }
        return year == 1900 ? 0 : year;
    }

    static long micros(Object value, RelationalColumn column) {
        if (value instanceof Duration d) {
            return SignedTimes.micros(d);
        }
        if (value instanceof LocalTime t) {
            return t.toNanoOfDay() / 1_000;
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime().toNanoOfDay() / 1_000;
        }
        if (value instanceof CharSequence text) {
            return SignedTimes.micros(SignedTimes.parse(text.toString()));
        }
        throw new IllegalArgumentException("TIME column " + column.name() + ": unexpected value " + value + " ("
                + value.getClass().getName() + ")");
    }
}
