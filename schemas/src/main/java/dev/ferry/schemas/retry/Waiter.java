package dev.ferry.schemas.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Bounded waits for conditions: check, and while the condition does not hold and the time is not
 * up, pause as {@code pauses} says (attempt 1, 2, ...; never past the deadline) and check again.
 * The clock and the pauser are injected, so a test drives a whole wait with a fake clock.
 */
public final class Waiter {

    /** What is waited for; may throw (the wait then ends with it). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private final RetryPolicy pauses;
    private final Clock clock;
    private final Pauser pauser;

    public Waiter(RetryPolicy pauses, Clock clock, Pauser pauser) {
        this.pauses = pauses;
        this.clock = clock;
        this.pauser = pauser;
    }

    /** Polls on the system clock, sleeping between checks. */
    public static Waiter polling(RetryPolicy pauses) {
        return new Waiter(pauses, Clock.systemUTC(), Pauser.SLEEPING);
    }

    /** A deadline {@code within} from now, shared by several waits. */
    public Deadline deadline(Duration within) {
        return new Deadline(clock.instant().plus(within));
    }

    /** {@code deadline(within).await(condition)}. */
    public boolean until(Duration within, Condition condition) throws Exception {
        return deadline(within).await(condition);
    }

    /** A point in time by which waits give up. */
    public final class Deadline {
        private final Instant at;

        private Deadline(Instant at) {
            this.at = at;
        }

        /** Whether the time is up. */
        public boolean passed() {
            return !clock.instant().isBefore(at);
        }

        /** One pause (the policy's first), never past the deadline; false when cut short. */
        public boolean pause() throws InterruptedException {
            return pause(1);
        }

        private boolean pause(int attempt) throws InterruptedException {
            Duration left = Duration.between(clock.instant(), at);
            Duration pause = pauses.delay(attempt);
            return pauser.pause(left.isNegative() ? Duration.ZERO : pause.compareTo(left) > 0 ? left : pause);
        }

        /**
         * @return true as soon as {@code condition} holds; false once the deadline has passed (the
         *     condition is checked once more at the deadline) or a pause was cut short
         */
        public boolean await(Condition condition) throws Exception {
            for (int attempt = 1; ; attempt++) {
                if (condition.holds()) {
                    return true;
                }
                if (passed() || !pause(attempt)) {
                    return false;
                }
            }
        }
    }
}
