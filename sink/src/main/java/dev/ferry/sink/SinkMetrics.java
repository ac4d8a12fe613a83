package dev.ferry.sink;

import dev.ferry.schemas.supervision.StageState;
import java.time.Duration;

/**
 * What the sink reports to a metrics system. Called from the sink thread; implementations must be
 * cheap and must not throw. {@link #NONE} ignores everything.
 */
public interface SinkMetrics {

    /** Ignores every call. */
    SinkMetrics NONE = new SinkMetrics() {
    };

    /**
     * Records rows of one table committed in the target.
     *
     * @param table the target table
     * @param rows rows (records) in the committed transaction for that table, at least 1
     */
    default void recordApplied(String target, String table, long rows) {
    }

    /**
     * Records the end-to-end latency of one applied change: from its commit in the source (header
     * {@code ferry.source.ts_ms}) to its commit in the target. Not called for changes without that header.
     *
     * @param latency never negative
     */
    default void recordLatency(String target, String table, Duration latency) {
    }

    /** Records one retry of a batch after a transient failure. */
    default void recordRetry(String target) {
    }

    /**
     * Records one record sent to the dead-letter topic.
     *
     * @param table the target table, or {@code ?} when the record could not be decoded
     * @param cause the dead-letter cause header value (constraint, type, size, decode, unknown)
     */
    default void recordDeadLetter(String target, String table, String cause) {
    }

    /**
     * Records one source truncate of a table reaching the sink.
     *
     * @param outcome {@code applied} (the target table was emptied or its rows marked deleted) or
     *     {@code ignored} ({@code truncate: ignore}, or a mapping with {@code delete: ignore})
     */
    default void recordTruncate(String target, String table, String outcome) {
    }

    /** Records the sink's state: running, restarting after an unexpected failure, or FAILED. */
    default void recordStageState(String target, StageState state) {
    }
}
