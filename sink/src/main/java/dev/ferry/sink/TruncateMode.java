package dev.ferry.sink;

/** What a source {@code TRUNCATE} does in a target (config {@code truncate}). */
public enum TruncateMode {
    /**
     * The target table is truncated (or, under a soft-delete mapping, every row marked deleted), after
     * every change before the truncate and before every change after it.
     */
    APPLY,
    /** The target keeps its rows; the sink logs it once per table and counts it. */
    IGNORE
}
