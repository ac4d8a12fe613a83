package dev.ferry.ops.config;

/**
 * Whether Ferry creates missing target tables. YAML: {@code create} (default) or {@code none}.
 */
public enum DdlMode {
    /** Create target tables that do not exist yet. */
    CREATE,
    /** Never run DDL; target tables must already exist. */
    NONE
}
