package dev.ferry.capture;

/** Where a captured table stands. */
public enum Phase {
    /** The engine is starting; nothing read yet. */
    STARTING,
    /** Existing rows are being copied. */
    SNAPSHOTTING,
    /** The snapshot is done (or was not needed); changes stream as they happen. */
    STREAMING,
    /** The engine failed and is being restarted; see the last error. */
    FAILING
}
