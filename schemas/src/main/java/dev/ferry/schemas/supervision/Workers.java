package dev.ferry.schemas.supervision;

import java.time.Duration;

/** Helpers for the worker threads of supervised stages. */
public final class Workers {

    private Workers() {
    }

    /** Waits up to {@code within} for {@code worker} to end (nothing when null); an interrupt is kept, not thrown. */
    public static void join(Thread worker, Duration within) {
        if (worker == null) {
            return;
        }
        try {
            worker.join(within.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
