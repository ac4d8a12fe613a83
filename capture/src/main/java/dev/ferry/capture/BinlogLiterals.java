package dev.ferry.capture;

import java.util.ArrayList;
import java.util.List;

/** MariaDB/MySQL string literals as {@code information_schema} shows them (quoted, {@code ''} and backslash escapes). */
final class BinlogLiterals {

    private BinlogLiterals() {
    }

    /**
     * The quoted literals of {@code text} in order, read from their opening quote to their closing one
     * ({@code enum('a','it''s')} gives {@code a} and {@code it's}).
     */
    static List<String> quoted(String text) {
        List<String> values = new ArrayList<>();
        int i = text.indexOf('\'');
        while (i >= 0) {
            StringBuilder value = new StringBuilder();
            i++;
            for (; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (ch == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                    i++;
                } else if (ch == '\'') {
                    break;
                } else if (ch == '\\' && i + 1 < text.length()) {
                    ch = unescaped(text.charAt(++i));
                }
                value.append(ch);
            }
            values.add(value.toString());
            i = text.indexOf('\'', i + 1);
        }
        return values;
    }

    /** MariaDB's backslash escapes in a string literal. */
    private static char unescaped(char ch) {
        return switch (ch) {
            case '0' -> '\0';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'Z' -> '\u001a';
            default -> ch;
        };
    }
}
