package dev.ferry.ops.verify;

import java.util.List;

/**
 * One key that differs between source and target.
 *
 * @param kind missing in the target, extra in the target, or present with other values
 * @param key the key as people read it
 * @param columns the target columns whose values differ (CHANGED only)
 */
public record Difference(Kind kind, String key, List<String> columns) {

    public enum Kind {
        MISSING,
        EXTRA,
        CHANGED
    }

    @Override
    public String toString() {
        return switch (kind) {
            case MISSING -> "missing in target: " + key;
            case EXTRA -> "extra in target: " + key;
            case CHANGED -> "changed: " + key + " " + columns;
        };
    }
}
