package dev.ferry.ops.verify;

import java.util.List;

/**
 * One key that differs between source and target.
 *
 * @param kind missing in the target, extra in the target, or present with other values
 * @param key the key as people read it
 * @param columns the target columns whose values differ (CHANGED only)
 * @param editedFrom the export file a re-drive wrote this row from ({@code ferry dlq redrive
 *     --from-file}), which explains the difference; null when no edited dead letter wrote it
 */
public record Difference(Kind kind, String key, List<String> columns, String editedFrom) {

    public Difference(Kind kind, String key, List<String> columns) {
        this(kind, key, columns, null);
    }

    /** This difference, explained by an edited dead letter re-driven from {@code file}. */
    public Difference editedFrom(String file) {
        return new Difference(kind, key, columns, file);
    }

    public enum Kind {
        MISSING,
        EXTRA,
        CHANGED
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case MISSING -> "missing in target: " + key;
            case EXTRA -> "extra in target: " + key;
            case CHANGED -> "changed: " + key + " " + columns;
        };
        return editedFrom == null ? what : what + " (differs by an edited dead letter, re-driven from " + editedFrom + ")";
    }
}
