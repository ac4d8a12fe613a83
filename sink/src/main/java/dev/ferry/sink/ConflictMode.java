package dev.ferry.sink;

/** What happens when a change reaches a row that a newer change already wrote. */
public enum ConflictMode {
    /** The last change in topic order wins (the default; right as long as records are applied in order). */
    LAST_WRITER,
    /**
     * Each row keeps its source position in column {@code __ferry_position}; an older change never
     * overwrites a newer one, so replays and re-drives are safe in any order.
     */
    NEWER_WINS
}
