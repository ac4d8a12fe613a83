package dev.ferry.sink;

/** What the sink may do to the target's schema. */
public enum DdlMode {
    /** Create a missing target table from the record schema (primary key included). */
    CREATE,
    /** Never change the target's schema; rows for a missing table are dead-lettered. */
    NONE
}
