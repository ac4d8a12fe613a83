package dev.ferry.sink;

import java.nio.ByteBuffer;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.HexFormat;

/**
 * One record's value could not be converted or bound for its target column (a timestamp
 * {@code infinity}, a TIME beyond 24 hours into a PostgreSQL {@code time}, a UUID that is not one, a
 * value the dialect refuses, or any unexpected exception while converting it). It is the record's
 * fault, never the stage's: the record is isolated and dead-lettered with cause {@code type}. The
 * message names the table, the key, the column and the value.
 */
final class RecordRefusedException extends SQLDataException {

    /** Longest rendering of a value in a message; the rest is cut and counted. */
    static final int MAX_VALUE_CHARS = 200;

    private RecordRefusedException(String message, String state, Throwable cause) {
        super(message, state, cause);
    }

    /**
     * @param column the column whose value failed, null when the failure is not about one column
     *     (the record's schema cannot be read)
     * @param value the record's (Avro) value of that column
     */
    static RecordRefusedException of(Change change, Column column, Object value, Throwable cause) {
        String state = cause instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("22")
                ? s.getSQLState() : "22000";
        String reason = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        String where = describe(change) + (column == null ? "" : ", column " + column.name() + ": cannot write value "
                + render(value) + " as " + column.type().kind().name().toLowerCase());
        return new RecordRefusedException(where + ": " + reason, state, cause);
    }

    /** {@code table T, key {"id": 5}}: what every sink dead-letter message starts with. */
    static String describe(Change change) {
        return "table " + change.table() + ", key " + render(change.key());
    }

    /** A value as text for people, bytes in hex, cut after {@value #MAX_VALUE_CHARS} characters. */
    static String render(Object value) {
        String text;
        if (value == null) {
            return "NULL";
        } else if (value instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            return hex(bytes);
        } else if (value instanceof byte[] bytes) {
            return hex(bytes);
        } else if (value instanceof CharSequence) {
            text = "'" + value + "'";
        } else {
            text = String.valueOf(value);
        }
        return text.length() <= MAX_VALUE_CHARS ? text
                : text.substring(0, MAX_VALUE_CHARS) + "... (" + (text.length() - MAX_VALUE_CHARS) + " more characters)";
    }

    private static String hex(byte[] bytes) {
        int shown = Math.min(bytes.length, MAX_VALUE_CHARS / 2);
        String text = "0x" + HexFormat.of().formatHex(bytes, 0, shown);
        return shown == bytes.length ? text : text + "... (" + bytes.length + " bytes)";
    }
}
