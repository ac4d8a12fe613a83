package dev.ferry.sink.dialect;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.PgText;
import dev.ferry.schemas.types.SourceColumns;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A source's text of a value (PostgreSQL's or MariaDB's rendering, as {@link
 * dev.ferry.schemas.types.SourceColumns#ADDED_VALUE_PROP} carries it) as a MariaDB SQL literal for
 * a column of a given type, for use in a {@code DEFAULT} clause. Empty when MariaDB has no literal
 * that gives exactly that value (NaN, {@code infinity}, a boolean or number that is not one).
 */
final class MariaDbLiteral {

    private static final Set<String> TRUE = Set.of("t", "true", "y", "yes", "on");
    private static final Set<String> FALSE = Set.of("f", "false", "n", "no", "off", "0");
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private MariaDbLiteral() {
    }

    static Optional<String> of(ColumnType type, String text) {
        return switch (type.kind()) {
            case BOOLEAN -> bool(text);
            case INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL, VARIABLE_DECIMAL ->
                    SourceColumns.isNumber(text) ? Optional.of(text) : Optional.empty();
            case BYTES -> type.isBits() ? Optional.empty()
                    : text.startsWith("\\x") ? Optional.of("X'" + text.substring(2) + "'") : Optional.of(quoted(text));
            case PG_TEXT -> plain(type, text);
            case STRING, JSON, UUID, DATE, TIME, DURATION, TIMESTAMP, TIMESTAMP_TZ -> Optional.of(quoted(text));
        };
    }

    /** A boolean as text: PostgreSQL's {@code t}/{@code f}, or MariaDB's number (any non-zero is true). */
    private static Optional<String> bool(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (FALSE.contains(t) || SourceColumns.isNumber(t) && new BigDecimal(t).signum() == 0) {
            return Optional.of("FALSE");
        }
        return TRUE.contains(t) || SourceColumns.isNumber(t) ? Optional.of("TRUE") : Optional.empty();
    }

    /** A PostgreSQL text value through the plain value its MariaDB column holds. */
    private static Optional<String> plain(ColumnType type, String text) {
        Object value;
        try {
            value = PgText.plainValue(type.sourceType(), text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (value instanceof BigDecimal d) {
            return Optional.of(d.toPlainString());
        }
        if (value instanceof OffsetDateTime t) {
            value = t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof LocalDateTime t) {
            return Optional.of(quoted(DATETIME.format(t)));
        }
        return Optional.of(quoted(value.toString()));
    }

    /** A string literal under MariaDB's default sql_mode (backslash escapes on). */
    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
