package dev.ferry.sink.retry;

import java.time.Duration;

/**
 * Waits between retries. Production code waits on the clock; tests advance a fake clock instead
 * and record the pauses asked for.
 */
@FunctionalInterface
public interface Pauser {

    /**
     * Pauses for {@code duration}.
     *
     * @return false if the wait was cut short because the stage is stopping
     */
    boolean pause(Duration duration) throws InterruptedException;
}
