package dev.ferry.ops.config;

import java.util.regex.Pattern;

/**
 * Builds the human-readable paths used in problem messages: {@code kafka.partitions},
 * {@code targets[0].url}, {@code mappings[1].columns["first name"].rename}.
 *
 * <p>A key made only of letters, digits, {@code _ - .} is appended with a dot; any other key
 * (spaces, quotes, empty...) is appended as {@code ["key"]} so the path stays unambiguous.
 */
final class Paths {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_.\\-]+");

    private Paths() {
    }

    /** The path of entry {@code key} of the map at {@code parent} ({@code ""} is the document root). */
    static String key(String parent, String key) {
        if (!PLAIN_KEY.matcher(key).matches()) {
            return parent + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
        }
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The path of element {@code index} of the list at {@code parent}. */
    static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
