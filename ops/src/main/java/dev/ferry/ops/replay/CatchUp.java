package dev.ferry.ops.replay;

import dev.ferry.schemas.retry.RetryPolicy;
import dev.ferry.schemas.retry.Waiter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Waits until a stage has read everything that was in its input (lag 0), printing progress: on a
 * terminal one line redrawn every second, otherwise a log line every 10 seconds.
 */
final class CatchUp {

    /** Reads the lag every 500 ms. */
    private static final Waiter POLL = Waiter.polling(RetryPolicy.fixed(Duration.ofMillis(500)));

    private final PrintStream out;
    private final boolean terminal;

    CatchUp(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /**
     * @param lag records still to read (re-read from Kafka at each call)
     * @param done what was done so far, for the progress line ("12,000 rows applied")
     * @param within longest wait
     * @return true when caught up, false when {@code within} passed first
     */
    boolean await(String what, LongSupplier lag, Supplier<String> done, Duration within) throws InterruptedException {
        long started = System.nanoTime();
        long[] lastPrint = {0};
        // Two zero readings in a row: the first may come before the stage has even fetched.
        int[] zeros = {0};
        boolean caughtUp;
        try {
            caughtUp = POLL.until(within, () -> {
                long behind = lag.getAsLong();
                zeros[0] = behind == 0 ? zeros[0] + 1 : 0;
                long now = System.nanoTime();
                if (zeros[0] >= 2 || now - lastPrint[0] >= (terminal ? 1 : 10) * 1_000_000_000L) {
                    String line = String.format("%s: %s, %,d records to go, %d s", what, done.get(), behind,
                            Duration.ofNanos(now - started).toSeconds());
                    out.print(terminal ? "\r\033[2K" + line : line + "\n");
                    out.flush();
                    lastPrint[0] = now;
                }
                return zeros[0] >= 2;
            });
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (caughtUp) {
            if (terminal) {
                out.println();
            }
            return true;
        }
        if (terminal) {
            out.println();
        }
        return false;
    }
}
