package dev.ferry.ops.config;

/**
 * What Ferry may do to a target's schema. YAML: {@code create} (default), {@code evolve} or
 * {@code none}. Nothing is ever dropped.
 */
public enum DdlMode {
    /** Create target tables that do not exist yet. */
    CREATE,
    /** Create missing tables and add the columns a record has and its table lacks. */
    EVOLVE,
    /** Never run DDL; rows for a missing table or column go to the dead-letter topic. */
    NONE
}
