package dev.ferry.sink;

import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.error.ErrorCause;
import dev.ferry.sink.retry.SqlErrorClassifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ferry_batch_log} table in the target: one row per table and partition of each
 * applied batch (written in the batch's own transaction, so it is exactly as durable as the rows),
 * and one per dead-lettered record. Columns: table_name, partition_id, first_offset, last_offset,
 * row_count, written_at (database clock), outcome ({@code applied} or {@code dead-lettered}),
 * error, cause, dead_letter_topic.
 *
 * <p>The log never costs a row: when the target's user may not create the table or write to it
 * (a permanent error), the log turns itself off for this sink with one warning and rows are
 * applied without it.
 */
final class BatchLog {

    static final String TABLE = "ferry_batch_log";
    private static final Logger LOG = LoggerFactory.getLogger(BatchLog.class);

    private final Dialect dialect;
    private final String qualified;
    private final String deadLetterTopic;
    private boolean ready;
    private boolean off;

    BatchLog(Dialect dialect, String schema, String deadLetterTopic) {
        this.dialect = dialect;
        this.qualified = dialect.table(schema, TABLE);
        this.deadLetterTopic = deadLetterTopic;
    }

    /**
     * Creates the table if needed and checks that this user may write to it; commits on its own.
     * Call before writing rows of a batch.
     *
     * @throws SQLException only transient failures (the caller retries); a permanent one turns the log off
     */
    void prepare(Connection c) throws SQLException {
        if (ready || off) {
            return;
        }
        try {
            if (!exists(c)) {
                try (Statement s = c.createStatement()) {
                    s.execute(dialect.createBatchLog(qualified));
                }
                c.commit();
            }
            probeWrite(c);
            ready = true;
        } catch (SQLException e) {
            c.rollback();
            // A privilege the log alone needs turns it off; anything else retryable stops the rows too.
            if (SqlErrorClassifier.isRetryable(e) && !SqlErrorClassifier.isRefusedPrivilege(e)) {
                throw e;
            }
            off = true;
            LOG.warn("batch log off: cannot create or write {} ({}); rows are applied without it "
                    + "(grant the target user CREATE and INSERT, or set batch-log: false)", qualified, e.getMessage());
        }
    }

    /** Whether the log turned itself off because the target refused it. */
    boolean off() {
        return off;
    }

    private boolean exists(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + qualified + " WHERE 1 = 0").close();
            c.commit();
            return true;
        } catch (SQLException missingOrRefused) {
            c.rollback();
            return false;
        }
    }

    /** Writes one row and rolls it back: fails now, not in the middle of a batch, if writing is refused. */
    private void probeWrite(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(dialect.insertBatchLog(qualified))) {
            bind(s, "(probe)", 0, 0, 0, 0, "probe", null, null, null);
            s.executeUpdate();
        } finally {
            c.rollback();
        }
    }

    /** Logs an applied batch in the caller's transaction: one row per table and partition. */
    void applied(Connection c, List<Change> changes) throws SQLException {
        if (off) {
            return;
        }
        Map<List<Object>, long[]> ranges = new LinkedHashMap<>();
        for (Change change : changes) {
            long offset = change.origin().offset();
            long[] r = ranges.computeIfAbsent(List.of(change.table(), change.origin().partition()),
                    k -> new long[] {offset, offset, 0});
            r[0] = Math.min(r[0], offset);
            r[1] = Math.max(r[1], offset);
            r[2]++;
        }
        try (PreparedStatement s = c.prepareStatement(dialect.insertBatchLog(qualified))) {
            for (var e : ranges.entrySet()) {
                long[] r = e.getValue();
                bind(s, (String) e.getKey().get(0), (Integer) e.getKey().get(1), r[0], r[1], (int) r[2], "applied",
                        null, null, null);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Logs a dead-lettered record in a transaction of its own. */
    void deadLettered(Connection c, Change change, String error, ErrorCause cause) throws SQLException {
        prepare(c);
        if (off) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(dialect.insertBatchLog(qualified))) {
            long offset = change.origin().offset();
            bind(s, change.table(), change.origin().partition(), offset, offset, 1, "dead-lettered",
                    error == null ? null : error.substring(0, Math.min(error.length(), 4000)), cause.header(),
                    deadLetterTopic);
            s.executeUpdate();
        }
        c.commit();
    }

    /** Forgets that the table exists (after a reconnect). */
    void forget() {
        ready = false;
    }

    private static void bind(PreparedStatement s, String table, int partition, long first, long last, int rows,
                             String outcome, String error, String cause, String topic) throws SQLException {
        s.setString(1, table);
        s.setInt(2, partition);
        s.setLong(3, first);
        s.setLong(4, last);
        s.setInt(5, rows);
        s.setString(6, outcome);
        setText(s, 7, error);
        setText(s, 8, cause);
        setText(s, 9, topic);
    }

    private static void setText(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }
}
