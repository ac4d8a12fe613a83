package dev.ferry.sink;

import dev.ferry.sink.error.ErrorCause;
import dev.ferry.sink.error.ErrorReporter;
import dev.ferry.schemas.retry.Pauser;
import dev.ferry.schemas.retry.RetryPolicy;
import dev.ferry.sink.retry.SqlErrorClassifier;
import dev.ferry.schemas.FerryHeaders;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a batch in one transaction, and keeps going whatever happens:
 * <ul>
 *   <li>a transient failure (see {@link SqlErrorClassifier}) rolls back, reconnects (forgetting what
 *       it knew of the target's tables) and retries the same batch after the {@link RetryPolicy}'s
 *       pause, for as long as it takes;</li>
 *   <li>a permanent failure splits the batch in halves, applied in order, until the failing
 *       records are alone; each of those is reported to the {@link ErrorReporter} and the rest
 *       is applied;</li>
 *   <li>a record alone failing on a foreign key is parked in the {@link ParkingLot} (the parent may
 *       arrive later), tried again by {@link #retryParked()}, and reported once its patience is up.
 *       Later changes of a parked row are parked behind it.</li>
 * </ul>
 */
final class BatchApplier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchApplier.class);

    private final TargetConnection connection;
    private final BatchWriter writer;
    private final BatchLog batchLog;
    private final ErrorReporter reporter;
    private final RetryPolicy retry;
    private final Pauser pauser;
    private final Clock clock;
    private final SinkProgress progress;
    private final ParkingLot parking;
    private final Duration parkedRetryInterval;
    private Instant nextParkedRetry = Instant.MIN;
    private final SinkMetrics metrics;
    private final String target;
    private final OutageLog outage;

    /**
     * @param batchLog null when the target keeps no batch log
     * @param parkedRetryInterval least time between two tries of the parked changes
     */
    BatchApplier(TargetConnection connection, BatchWriter writer, BatchLog batchLog, ErrorReporter reporter,
                 RetryPolicy retry, Pauser pauser, Clock clock, SinkProgress progress, ParkingLot parking,
                 Duration parkedRetryInterval, SinkMetrics metrics, String target) {
        this.connection = connection;
        this.writer = writer;
        this.batchLog = batchLog;
        this.reporter = reporter;
        this.retry = retry;
        this.pauser = pauser;
        this.clock = clock;
        this.progress = progress;
        this.parking = parking;
        this.parkedRetryInterval = parkedRetryInterval;
        this.metrics = metrics;
        this.target = target;
        this.outage = new OutageLog("target " + target, clock);
    }

    /**
     * Applies every change, parks those whose parent is missing, or dead-letters those that cannot be applied.
     *
     * @return false if the stage is stopping and the batch was not fully applied (do not commit)
     */
    boolean apply(List<Change> changes) {
        List<Change> ready = new ArrayList<>(changes.size());
        Instant now = clock.instant();
        for (Change change : changes) {
            if (!parking.holdsRowOf(change)) {
                ready.add(change);
            } else if (!parking.park(change, now)) {
                // It may not overtake the parked change of its row, and cannot wait: say so.
                deadLetter(change, new SQLException("a change of this row waits for its parent row, and "
                        + parking.fullReason(), "23503"));
            }
        }
        return applySplitting(ready, Map.of());
    }

    /**
     * Tries the parked changes again, at most once per retry interval.
     *
     * @return false if the stage is stopping
     */
    boolean retryParked() {
        Instant now = clock.instant();
        if (parking.isEmpty() || now.isBefore(nextParkedRetry)) {
            return true;
        }
        nextParkedRetry = now.plus(parkedRetryInterval);
        List<ParkingLot.Parked> parked = parking.takeAll();
        Map<Change, Instant> since = new IdentityHashMap<>();
        List<Change> changes = new ArrayList<>(parked.size());
        for (ParkingLot.Parked p : parked) {
            since.put(p.change(), p.since());
            changes.add(p.change());
        }
        return applySplitting(changes, since);
    }

    /** The changes waiting for their parent row. */
    ParkingLot parking() {
        return parking;
    }

    private boolean applySplitting(List<Change> changes, Map<Change, Instant> parkedSince) {
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
            settle(changes.get(0), failure, parkedSince.get(changes.get(0)));
            return true;
        }
        int half = changes.size() / 2;
        return applySplitting(changes.subList(0, half), parkedSince)
                && applySplitting(changes.subList(half, changes.size()), parkedSince);
    }

    /** One change failed alone: park it (parent missing, patience left), or dead-letter it. */
    private void settle(Change change, SQLException failure, Instant parkedSince) {
        Instant since = parkedSince == null ? clock.instant() : parkedSince;
        if (parking.enabled() && SqlErrorClassifier.isMissingParent(failure)) {
            if (!parking.expired(since)) {
                if (parking.park(change, since)) {
                    if (parkedSince == null) {
                        LOG.info("parked {}-{}@{} for table {}: parent row not there yet ({})", change.origin().topic(),
                                change.origin().partition(), change.origin().offset(), change.table(), failure.getMessage());
                    }
                    return;
                }
                failure = new SQLException("parent row not there yet, and " + parking.fullReason() + ": "
                        + failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
            } else {
                failure = new SQLException("parent row still missing after " + Duration.between(since, clock.instant())
                        .toSeconds() + " s: " + failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
            }
        }
        deadLetter(change, failure);
    }

    /** Reports one change to the dead-letter topic, the progress, the metrics and the batch log. */
    private void deadLetter(Change change, SQLException failure) {
        ErrorCause cause = SqlErrorClassifier.cause(failure);
        // A value the sink refused says where it is already; the target's own errors get the table and key.
        String message = failure instanceof RecordRefusedException ? failure.getMessage()
                : RecordRefusedException.describe(change) + ": " + failure.getMessage();
        reporter.report(change.origin(), failure, message, cause, 1);
        progress.deadLettered(change.table(), message);
        metrics.recordDeadLetter(target, change.table(), cause.header());
        if (batchLog != null) {
            try {
                batchLog.deadLettered(connection.get(), change, message, cause);
            } catch (SQLException e) {
                connection.rollbackQuietly();
                LOG.warn("cannot log dead letter of table {} in {}: {}", change.table(), BatchLog.TABLE, e.getMessage());
            }
        }
    }

    /**
     * Applies a source truncate of one table in its own transaction (see {@link TruncateBarrier}),
     * retrying transient failures; a permanent one (a table other tables' foreign keys point at, say)
     * dead-letters the marker with the database's reason.
     *
     * @param softDeleteColumn null to empty the table, else the column that marks every row deleted
     * @param marker the marker record, for the dead letter
     * @return STOPPED if the stage is stopping and the truncate may not have been applied (do not commit)
     */
    TruncateOutcome truncate(String table, String softDeleteColumn,
                             org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> marker) {
        SQLException failure = attempt(c -> writer.truncate(c, table, softDeleteColumn), () -> { });
        if (failure == STOPPED) {
            return TruncateOutcome.STOPPED;
        }
        if (failure != null) {
            ErrorCause cause = SqlErrorClassifier.cause(failure);
            String message = "table " + table + ": " + dev.ferry.schemas.Truncates.what(marker.key()) + " not applied in target " + target + ": " + failure.getMessage();
            reporter.report(marker, failure, message, cause, 1);
            progress.deadLettered(table, message);
            metrics.recordDeadLetter(target, table, cause.header());
            return TruncateOutcome.DEAD_LETTERED;
        }
        return TruncateOutcome.APPLIED;
    }

    /** What became of a truncate. */
    enum TruncateOutcome { APPLIED, DEAD_LETTERED, STOPPED }

    /** Work in the target's open transaction; the caller commits. */
    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    /** Writes and commits, retrying transient failures; returns null when applied, else the permanent failure. */
    private SQLException attempt(List<Change> changes) {
        return attempt(c -> {
            if (batchLog != null) {
                batchLog.prepare(c);
            }
            writer.write(c, changes);
            if (batchLog != null) {
                batchLog.applied(c, changes);
            }
        }, () -> recordApplied(changes));
    }

    /** Runs {@code work} and commits, retrying transient failures; null when committed, else the permanent failure. */
    private SQLException attempt(Work work, Runnable committed) {
        for (int attempt = 1; ; attempt++) {
            try {
                Connection c = connection.get();
                work.run(c);
                c.commit();
                outage.recovered();
                committed.run();
                return null;
            } catch (SQLException e) {
                connection.rollbackQuietly();
                if (!SqlErrorClassifier.isRetryable(e)) {
                    return e;
                }
                connection.invalidate();
                writer.forget();
                if (batchLog != null) {
                    batchLog.forget();
                }
                var pause = retry.delay(attempt);
                outage.failed(e, pause);
                progress.retrying(e.getMessage(), clock.instant());
                metrics.recordRetry(target);
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
