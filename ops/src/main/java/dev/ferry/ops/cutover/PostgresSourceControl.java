package dev.ferry.ops.cutover;

import dev.ferry.capture.CaptureConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL: positions are WAL LSNs; freezing sets {@code default_transaction_read_only} on the
 * database and ends the other client sessions, so every application session that comes back is
 * read-only. Ferry's own replication connection (a walsender) and Debezium's sessions are spared.
 */
final class PostgresSourceControl implements SourceControl {

    @Override
    public long currentPosition(Connection c) throws SQLException {
        return single(c, "SELECT pg_current_wal_lsn() - '0/0'::pg_lsn");
    }

    @Override
    public long confirmedPosition(Connection c, CaptureConfig capture) throws SQLException {
        String slot = capture.replicationSlot();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT confirmed_flush_lsn - '0/0'::pg_lsn FROM pg_replication_slots WHERE slot_name = ?")) {
            s.setString(1, slot);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return -1;
                }
                long value = rs.getLong(1);
                return rs.wasNull() ? -1 : value;
            }
        }
    }

    @Override
    public void nudge(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_logical_emit_message(false, 'ferry', 'cutover')");
        }
    }

    @Override
    public void freeze(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + quotedDatabase(c) + " SET default_transaction_read_only = on");
            s.execute("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                      AND backend_type = 'client backend' AND coalesce(application_name, '') NOT LIKE 'Debezium%'""");
        }
    }

    @Override
    public void unfreeze(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // This very session started read-only: lift that for it first.
            s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
            s.execute("ALTER DATABASE " + quotedDatabase(c) + " RESET default_transaction_read_only");
        }
    }

    @Override
    public Optional<String> captureRunning(Connection c, CaptureConfig capture) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ? AND active")) {
            s.setString(1, capture.replicationSlot());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of("replication slot " + capture.replicationSlot()
                        + " is in use by server process " + rs.getLong(1)) : Optional.empty();
            }
        }
    }

    @Override
    public List<String> release(Connection c, CaptureConfig capture) throws SQLException {
        List<String> dropped = new ArrayList<>();
        String slot = capture.replicationSlot();
        if (exists(c, "SELECT 1 FROM pg_replication_slots WHERE slot_name = ?", slot)) {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                s.setString(1, slot);
                s.execute();
            }
            dropped.add("replication slot " + slot);
        }
        // Debezium names the publication like the slot.
        if (exists(c, "SELECT 1 FROM pg_publication WHERE pubname = ?", slot)) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP PUBLICATION " + quoted(c, slot));
            }
            dropped.add("publication " + slot);
        }
        String table = capture.signalTable();
        if (exists(c, "SELECT 1 WHERE to_regclass(?) IS NOT NULL", quoted(c, schemaOf(table)) + "." + quoted(c, nameOf(table)))) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + quoted(c, schemaOf(table)) + "." + quoted(c, nameOf(table)));
            }
            dropped.add("table " + table);
        }
        return dropped;
    }

    private static boolean exists(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String quoted(Connection c, String identifier) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT quote_ident(?)")) {
            s.setString(1, identifier);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String schemaOf(String table) {
        return table.substring(0, table.indexOf('.'));
    }

    private static String nameOf(String table) {
        return table.substring(table.indexOf('.') + 1);
    }

    private static String quotedDatabase(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT quote_ident(current_database())")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
