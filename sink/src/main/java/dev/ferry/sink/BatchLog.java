package dev.ferry.sink;

import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.error.ErrorCause;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ferry_batch_log} table in the target: one row per table and partition of each
 * applied batch (written in the batch's own transaction, so it is exactly as durable as the rows),
 * and one per dead-lettered record. Columns: table_name, partition_id, first_offset, last_offset,
 * row_count, written_at (database clock), outcome ({@code applied} or {@code dead-lettered}),
 * error, cause, dead_letter_topic.
 */
final class BatchLog {

    static final String TABLE = "ferry_batch_log";

    private final Dialect dialect;
    private final String qualified;
    private final String deadLetterTopic;
    private boolean ready;

    BatchLog(Dialect dialect, String schema, String deadLetterTopic) {
        this.dialect = dialect;
        this.qualified = dialect.table(schema, TABLE);
        this.deadLetterTopic = deadLetterTopic;
    }

    /** Creates the table if needed; commits on its own. Call before writing rows of a batch. */
    void prepare(Connection c) throws SQLException {
        if (ready) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(dialect.createBatchLog(qualified));
        }
        c.commit();
        ready = true;
    }

    /** Logs an applied batch in the caller's transaction: one row per table and partition. */
    void applied(Connection c, List<Change> changes) throws SQLException {
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
