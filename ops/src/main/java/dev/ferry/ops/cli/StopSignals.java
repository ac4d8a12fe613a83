package dev.ferry.ops.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) as requests for a clean stop. Without a handler, the JVM answers
 * them by running its shutdown hooks and exiting with 128 + the signal (143, 130), which reads as a
 * failure to a supervisor (systemd, Kubernetes, a shell) even after a clean stop. With it, the
 * command stops its work and returns its own exit status (0 after "stopped cleanly").
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    /**
     * Runs {@code stop} on a thread of its own at the first SIGTERM or SIGINT. Where signals
     * cannot be handled (a JVM that reserves them), the JVM's own handling stays, and the caller's
     * shutdown hook does the stopping.
     */
    static void onStop(Runnable stop) {
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> new Thread(stop, "ferry-stop-" + name.toLowerCase()).start());
            } catch (IllegalArgumentException e) {
                LOG.debug("cannot handle SIG{}: {}; the shutdown hook stops the pipeline", name, e.getMessage());
            }
        }
    }
}
