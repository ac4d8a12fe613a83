package dev.ferry.schemas.supervision;

import java.util.Locale;

/** Whether a supervised stage works: RUNNING, RESTARTING after an unexpected failure, or FAILED for good. */
public enum StageState {
    RUNNING, RESTARTING, FAILED;

    /** The lower-case name {@code /status} shows. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
