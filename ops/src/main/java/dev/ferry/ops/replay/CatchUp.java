package dev.ferry.ops.replay;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Waits until a stage has read everything that was in its input (lag 0), printing progress: on a
 * terminal one line redrawn every second, otherwise a log line every 10 seconds.
 */
final class CatchUp {

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
        long deadline = started + within.toNanos();
        long lastPrint = 0;
        // Two zero readings in a row: the first may come before the stage has even fetched.
        int zeros = 0;
        while (System.nanoTime() < deadline) {
            long behind = lag.getAsLong();
            zeros = behind == 0 ? zeros + 1 : 0;
            long now = System.nanoTime();
            if (zeros >= 2 || now - lastPrint >= (terminal ? 1 : 10) * 1_000_000_000L) {
                String line = String.format("%s: %s, %,d records to go, %d s", what, done.get(), behind,
                        Duration.ofNanos(now - started).toSeconds());
                out.print(terminal ? "\r\033[2K" + line : line + "\n");
                out.flush();
                lastPrint = now;
            }
            if (zeros >= 2) {
                if (terminal) {
                    out.println();
                }
                return true;
            }
            Thread.sleep(500);
        }
        if (terminal) {
            out.println();
        }
        return false;
    }
}
