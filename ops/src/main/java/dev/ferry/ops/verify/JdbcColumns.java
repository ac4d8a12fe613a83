package dev.ferry.ops.verify;

import dev.ferry.schemas.types.ColumnType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * Reads one column of a result set as the plain Java value {@link ColumnType#toJava} would give
 * for it, so values read from a database and values that travelled through Kafka meet in one form.
 */
final class JdbcColumns {

    private JdbcColumns() {
    }

    /** A decimal's text as a BigDecimal, or the text itself when it is not a number (NaN, Infinity). */
    private static Object decimal(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new java.math.BigDecimal(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** @param index 1-based column index; returns null for SQL NULL */
    static Object read(ResultSet rs, int index, ColumnType type) throws SQLException {
        Object value = switch (type.kind()) {
            case BOOLEAN -> rs.getBoolean(index);
            case INT16 -> rs.getShort(index);
            case INT32 -> rs.getInt(index);
            case INT64 -> rs.getLong(index);
            case FLOAT32 -> rs.getFloat(index);
            case FLOAT64 -> rs.getDouble(index);
            // As text: PostgreSQL's numeric has NaN (and, since 14, infinities) that BigDecimal cannot hold.
            case DECIMAL, VARIABLE_DECIMAL -> decimal(rs.getString(index));
            case STRING, JSON, UUID, PG_TEXT -> rs.getString(index);
            // A PostgreSQL bit(n) reads as its text of 0s and 1s, a MariaDB BIT(n) as big-endian bytes.
            case BYTES -> type.isBits() && rs.getObject(index) != null && !(rs.getObject(index) instanceof byte[])
                    ? dev.ferry.schemas.types.BitStrings.parse(rs.getString(index)) : rs.getBytes(index);
            case DATE -> rs.getObject(index, LocalDate.class);
            case TIME -> rs.getObject(index, LocalTime.class);
            case DURATION -> {
                String text = rs.getString(index);
                yield text == null ? null : dev.ferry.schemas.types.SignedTimes.parse(text);
            }
            case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
            case TIMESTAMP_TZ -> rs.getObject(index, OffsetDateTime.class);
        };
        if (rs.wasNull()) {
            return null;
        }
        return type.kind() == dev.ferry.schemas.types.Kind.UUID ? java.util.UUID.fromString((String) value) : value;
    }
}
