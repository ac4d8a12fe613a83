package dev.ferry.sink;

import dev.ferry.sink.error.ErrorReporter;
import dev.ferry.sink.retry.Pauser;
import dev.ferry.sink.retry.RetryPolicy;
import dev.ferry.sink.retry.SqlErrorClassifier;
import dev.ferry.schemas.FerryHeaders;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch in one transaction, and keeps going whatever happens:
 * <ul>
 *   <li>a transient failure (see {@link SqlErrorClassifier}) rolls back, reconnects and retries the
 *       same batch after the {@link RetryPolicy}'s pause, for as long as it takes;</li>
 *   <li>a permanent failure splits the batch in halves, applied in order, until the failing
 *       records are alone; each of those is reported to the {@link ErrorReporter} and the rest
 *       is applied.</li>
 * </ul>
 */
final class BatchApplier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchApplier.class);

    private final TargetConnection connection;
    private final BatchWriter writer;
    private final ErrorReporter reporter;
    private final RetryPolicy retry;
    private final Pauser pauser;
    private final Clock clock;
    private final SinkProgress progress;
    private final SinkMetrics metrics;
    private final String target;

    BatchApplier(TargetConnection connection, BatchWriter writer, ErrorReporter reporter, RetryPolicy retry,
                 Pauser pauser, Clock clock, SinkProgress progress, SinkMetrics metrics, String target) {
        this.connection = connection;
        this.writer = writer;
        this.reporter = reporter;
        this.retry = retry;
        this.pauser = pauser;
        this.clock = clock;
        this.progress = progress;
        this.metrics = metrics;
        this.target = target;
    }

    /**
     * Applies every change, or dead-letters those that cannot be applied.
     *
     * @return false if the stage is stopping and the batch was not fully applied (do not commit)
     */
    boolean apply(List<Change> changes) {
        if (changes.isEmpty()) {
            return true;
        }
        SQLException failure = attempt(changes);
        if (failure == STOPPED) {
            return false;
        }
        if (failure == null) {
            return true;
        }
        if (changes.size() == 1) {
            Change change = changes.get(0);
            reporter.report(change.origin(), failure, SqlErrorClassifier.cause(failure), 1);
            progress.deadLettered(change.table(), failure.getMessage());
            metrics.recordDeadLetter(target, change.table(), SqlErrorClassifier.cause(failure).header());
            return true;
        }
        int half = changes.size() / 2;
        return apply(changes.subList(0, half)) && apply(changes.subList(half, changes.size()));
    }

    /** Writes and commits, retrying transient failures; returns null when applied, else the permanent failure. */
    private SQLException attempt(List<Change> changes) {
        for (int attempt = 1; ; attempt++) {
            try {
                writer.write(connection.get(), changes);
                connection.get().commit();
                recordApplied(changes);
                return null;
            } catch (SQLException e) {
                connection.rollbackQuietly();
                if (!SqlErrorClassifier.isTransient(e)) {
                    return e;
                }
                connection.invalidate();
                progress.retrying(e.getMessage(), clock.instant());
                metrics.recordRetry(target);
                var pause = retry.delay(attempt);
                LOG.warn("target write failed ({}: {}); retry {} in {} ms", e.getSQLState(), e.getMessage(), attempt,
                        pause.toMillis());
                try {
                    if (!pauser.pause(pause)) {
                        return STOPPED;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return STOPPED;
                }
            }
        }
    }

    private void recordApplied(List<Change> changes) {
        Map<String, Long> perTable = new HashMap<>();
        changes.forEach(c -> perTable.merge(c.table(), 1L, Long::sum));
        Instant now = clock.instant();
        perTable.forEach((table, rows) -> {
            progress.applied(table, rows, now);
            metrics.recordApplied(target, table, rows);
        });
        for (Change c : changes) {
            Header ts = c.origin().headers().lastHeader(FerryHeaders.SOURCE_TS_MS);
            if (ts != null) {
                try {
                    long sourceMs = Long.parseLong(new String(ts.value(), StandardCharsets.UTF_8));
                    metrics.recordLatency(target, c.table(), Duration.ofMillis(Math.max(0, now.toEpochMilli() - sourceMs)));
                } catch (NumberFormatException e) {
                    // A malformed header only costs us one latency sample.
                }
            }
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    private static final SQLException STOPPED = new SQLException("stopping");
}
