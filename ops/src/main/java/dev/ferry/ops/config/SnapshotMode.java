package dev.ferry.ops.config;

/**
 * Whether a source's existing rows are copied before streaming changes. YAML: {@code initial}
 * (default) or {@code never}.
 */
public enum SnapshotMode {
    /** Copy the existing rows first, then stream changes. */
    INITIAL,
    /** Stream changes only. */
    NEVER
}
