package dev.ferry.sink;

/** What the sink may do to the target's schema. It never drops a table or a column. */
public enum DdlMode {
    /** Create a missing target table from the record schema (primary key included); add no columns. */
    CREATE,
    /** Like {@link #CREATE}, and add the columns a record has and its table lacks (nullable). */
    EVOLVE,
    /** Never change the target's schema; rows for a missing table or column are dead-lettered (cause {@code schema}). */
    NONE
}
