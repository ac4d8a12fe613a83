package dev.ferry.ops.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems found while loading a configuration, in the order they were found.
 *
 * <p>Each problem is one line of the form {@code path: message}, or just {@code message} when the
 * path is empty (the problem concerns the whole document).
 */
final class Problems {

    private final List<String> lines = new ArrayList<>();

    /** Records a problem at {@code path} (may be empty for the document itself). */
    void add(String path, String message) {
        lines.add(path.isEmpty() ? message : path + ": " + message);
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** An immutable snapshot of the problems recorded so far. */
    List<String> asList() {
        return List.copyOf(lines);
    }
}
