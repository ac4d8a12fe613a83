package dev.ferry.transform;

/** What a delete at the source does to the target row. */
public enum DeleteMode {
    /** The target row is deleted (a tombstone on the mapped topic). */
    HARD,
    /**
     * The target row stays and its soft-delete column is set to true (an update on the mapped
     * topic, operation {@code u}). Only the key and that column are written: every other column is
     * listed as unchanged ({@code ferry.unchanged}), because the source's delete carries only the
     * primary key unless the table has {@code REPLICA IDENTITY FULL}.
     */
    SOFT,
    /** Nothing happens to the target row. */
    IGNORE
}
