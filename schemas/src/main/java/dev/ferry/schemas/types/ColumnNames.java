package dev.ferry.schemas.types;

import org.apache.avro.Schema;

/**
 * How a database column name travels in an Avro field. Avro names allow only
 * {@code [A-Za-z_][A-Za-z0-9_]*}; a column named otherwise (a space, a dash, unicode) gets a
 * sanitized field name and keeps its real name in the field property {@code ferry.column}.
 */
public final class ColumnNames {

    /** Field property holding the real column name when it is not a valid Avro name. */
    public static final String COLUMN_PROP = "ferry.column";

    private ColumnNames() {
    }

    /** A valid Avro name for a column: invalid characters become {@code _}, a leading digit gets {@code _}. */
    public static String avroName(String column) {
        StringBuilder b = new StringBuilder(column.length() + 1);
        for (int i = 0; i < column.length(); i++) {
            char c = column.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (i == 0 && c >= '0' && c <= '9') {
                b.append('_').append(c);
            } else {
                b.append(ok ? c : '_');
            }
        }
        return b.length() == 0 ? "_" : b.toString();
    }

    /** The real column name of a field. */
    public static String columnOf(Schema.Field field) {
        String real = field.getProp(COLUMN_PROP);
        return real != null ? real : field.name();
    }
}
