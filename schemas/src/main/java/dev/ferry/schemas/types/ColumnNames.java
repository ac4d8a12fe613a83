package dev.ferry.schemas.types;

import org.apache.avro.Schema;

/**
 * How a database column name travels in an Avro field: the one helper every reader of a field's
 * column name goes through (transform mapping and predicates, sink columns and DDL, verify).
 *
 * <p>Avro names allow only {@code [A-Za-z_][A-Za-z0-9_]*}; a column may be named anything its
 * database allows (spaces, punctuation, dots, quotes, unicode, a leading digit). Every field
 * therefore has an Avro name from {@link #avroName} and, when that differs from the column, the real
 * name in the field property {@value #COLUMN_PROP}. {@link #columnOf} reads it back.
 *
 * <p>The Avro name of a column depends on that name alone, never on its neighbours, so it stays the
 * same as the table evolves, and two different columns never get the same Avro name:
 * <ul>
 *   <li>a name matching {@code [A-Za-z][A-Za-z0-9_]*} is its own Avro name;</li>
 *   <li>any other name becomes {@code _} followed by the name with each letter and digit of
 *       {@code [A-Za-z0-9]} kept and each other character (including {@code _}) written as
 *       {@code _<hex code point>_}: {@code first name} → {@code _first_20_name}, {@code a b} →
 *       {@code _a_20_b} (beside {@code a_b}, which stays {@code a_b}), {@code 1st} → {@code _1st}.</li>
 * </ul>
 * Plain names start with a letter and escaped ones with {@code _}, and the escaping decodes in one
 * way only, so the mapping is injective.
 */
public final class ColumnNames {

    /** Field property holding the real column name when it is not its own Avro name. */
    public static final String COLUMN_PROP = "ferry.column";

    private ColumnNames() {
    }

    /** True when {@code column} is its own Avro name ({@code [A-Za-z][A-Za-z0-9_]*}). */
    public static boolean isPlain(String column) {
        if (column.isEmpty() || !isAsciiLetter(column.charAt(0))) {
            return false;
        }
        for (int i = 1; i < column.length(); i++) {
            char c = column.charAt(i);
            if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** The Avro field name of a column: itself when plain, otherwise escaped as described above. */
    public static String avroName(String column) {
        if (isPlain(column)) {
            return column;
        }
        StringBuilder b = new StringBuilder(column.length() * 2 + 1).append('_');
        column.codePoints().forEach(cp -> {
            if (cp < 128 && (isAsciiLetter((char) cp) || isAsciiDigit((char) cp))) {
                b.append((char) cp);
            } else {
                b.append('_').append(Integer.toHexString(cp)).append('_');
            }
        });
        return b.toString();
    }

    /** The real column name of a field: its {@value #COLUMN_PROP} property, else its Avro name. */
    public static String columnOf(Schema.Field field) {
        String real = field.getProp(COLUMN_PROP);
        return real != null ? real : field.name();
    }

    /**
     * A new field for {@code column}: Avro name from {@link #avroName}, the real name in
     * {@value #COLUMN_PROP} when the two differ.
     */
    public static Schema.Field field(String column, Schema schema, String doc, Object defaultValue) {
        Schema.Field f = new Schema.Field(avroName(column), schema, doc, defaultValue);
        if (!f.name().equals(column)) {
            f.addProp(COLUMN_PROP, column);
        }
        return f;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
