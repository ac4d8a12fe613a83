package dev.ferry.schemas.retry;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits between retries. Production code waits on the clock ({@link #until}, {@link #SLEEPING});
 * tests advance a fake clock instead and record the pauses asked for.
 */
@FunctionalInterface
public interface Pauser {

    /** Sleeps the whole pause; never cut short but by an interrupt. */
    Pauser SLEEPING = duration -> {
        Thread.sleep(duration.toMillis());
        return true;
    };

    /**
     * Pauses for {@code duration}.
     *
     * @return false if the wait was cut short because the stage is stopping
     */
    boolean pause(Duration duration) throws InterruptedException;

    /** Waits the pause, or less when {@code stopping} is counted down (then false). */
    static Pauser until(CountDownLatch stopping) {
        return duration -> !stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
}
