package dev.ferry.schemas.supervision;

import dev.ferry.schemas.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The supervisor's one decision after an unexpected failure of a stage: restart it (after a pause
 * of {@link #PAUSES}: 1 s doubling to 30 s) or, once {@code allowed} restarts in a row have not
 * helped, give up (the stage is FAILED). A stage that ran {@link #STABLE_AFTER} since its last
 * failure has its restarts back. Thread-safe.
 */
public final class RestartBudget {

    /** Pauses between restarts: 1 s doubling to 30 s. */
    public static final RetryPolicy PAUSES = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0);
    /** A stage that ran this long since its last failure has its restart attempts back. */
    public static final Duration STABLE_AFTER = Duration.ofMinutes(10);

    private final int allowed;
    private final Clock clock;
    private int failures;
    private Instant lastFailure;

    /** @param allowed restarts in a row before the stage is FAILED, 0 or more (0: FAILED at the first failure) */
    public RestartBudget(int allowed, Clock clock) {
        if (allowed < 0) {
            throw new IllegalArgumentException("restart attempts must not be negative, was " + allowed);
        }
        this.allowed = allowed;
        this.clock = clock;
    }

    /**
     * Counts one failure, now.
     *
     * @return the pause before the restart it allows, or empty when the restarts are used up
     */
    public synchronized Optional<Duration> failed() {
        Instant now = clock.instant();
        if (lastFailure != null && Duration.between(lastFailure, now).compareTo(STABLE_AFTER) > 0) {
            failures = 0;
        }
        failures++;
        lastFailure = now;
        return failures > allowed ? Optional.empty() : Optional.of(PAUSES.delay(failures));
    }

    /** Failures counted in the current run of failures (the restart number, after {@link #failed()}). */
    public synchronized int failures() {
        return failures;
    }

    public int allowed() {
        return allowed;
    }
}
