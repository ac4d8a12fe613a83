package dev.ferry.capture;

/** Whether capture copies the existing rows before streaming changes. */
public enum SnapshotMode {
    /** Snapshot the tables once (the first time this source runs), then stream. */
    INITIAL,
    /** Never snapshot: stream changes from now on. */
    NEVER
}
