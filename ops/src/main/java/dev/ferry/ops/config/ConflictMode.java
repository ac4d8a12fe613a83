package dev.ferry.ops.config;

/** What happens when a change reaches a row a newer change already wrote. YAML: {@code last-writer} (default) or {@code newer-wins}. */
public enum ConflictMode {
    /** The last change in topic order wins. */
    LAST_WRITER,
    /** Each row keeps its source position; an older change never overwrites a newer one. */
    NEWER_WINS
}
