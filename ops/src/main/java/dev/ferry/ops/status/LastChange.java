package dev.ferry.ops.status;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The last change applied to one target table, and the one decision of whether its replication lag
 * still describes now: a latency measured on a change applied long ago (nothing changed since) is
 * not a lag, so a table with nothing left to apply and no change applied for {@link #IDLE_AFTER}
 * reads "idle, last change at ..." instead (progress lines, {@code ferry status}, {@code /status},
 * the dashboard).
 *
 * @param latencyMillis source commit to target commit of that change, never negative
 * @param committedAt when the change was committed in the source ({@code ferry.source.ts_ms})
 * @param appliedAt when the target committed it
 */
public record LastChange(long latencyMillis, Instant committedAt, Instant appliedAt) {

    /** How long a table with nothing left to apply goes without a change before it reads idle. */
    public static final Duration IDLE_AFTER = Duration.ofSeconds(10);

    /**
     * @param pending records of the table's mapped topic still to apply (consumer lag)
     * @return true when nothing is left to apply and no change was applied for {@link #IDLE_AFTER}
     */
    public boolean idleAt(Instant now, long pending) {
        return pending == 0 && !appliedAt.plus(IDLE_AFTER).isAfter(now);
    }

    /**
     * What the progress line and {@code ferry status} say: {@code replication lag 1.2 s} while
     * changes flow, {@code idle, last change at <instant>} once idle; empty when no change was applied.
     */
    public static String describe(long replicationLagMs, boolean idle, String lastChangeAt) {
        if (lastChangeAt == null || replicationLagMs < 0) {
            return "";
        }
        return idle ? "idle, last change at " + Instant.parse(lastChangeAt).truncatedTo(ChronoUnit.SECONDS)
                : String.format("replication lag %.1f s", replicationLagMs / 1000.0);
    }
}
