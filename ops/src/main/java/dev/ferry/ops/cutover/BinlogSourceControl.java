package dev.ferry.ops.cutover;

import com.fasterxml.jackson.databind.JsonNode;
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
 * MariaDB and MySQL: positions are binlog coordinates, compared as (file index, offset) packed in
 * one number. Capture's confirmed position is the one in its last committed offset (read from the
 * offsets topic). A nudge rotates the binlog ({@code FLUSH BINARY LOGS}), so there is a position
 * past X for capture to reach even when nothing else is written. Freezing sets the server
 * {@code read_only} (users without {@code SUPER}/{@code READ ONLY ADMIN} can no longer write) and
 * ends the other client connections; replication connections and the sessions of Ferry's own user
 * are spared.
 */
final class BinlogSourceControl implements SourceControl {

    @Override
    public long currentPosition(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                throw new SQLException("the binary log is off: SHOW MASTER STATUS returned nothing");
            }
            return pack(rs.getString("File"), rs.getLong("Position"));
        }
    }

    @Override
    public long confirmedPosition(Connection c, CaptureConfig capture) {
        Optional<JsonNode> offset = CaptureOffsets.last(capture.kafka(),
                capture.kafka().topics().captureOffsets(capture.source()),
                capture.kafka().topics().captureEngineName(capture.source()));
        return offset.filter(o -> o.hasNonNull("file") && o.hasNonNull("pos"))
                .map(o -> pack(o.get("file").asText(), o.get("pos").asLong()))
                .orElse(-1L);
    }

    @Override
    public void nudge(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("FLUSH BINARY LOGS");
        }
    }

    @Override
    public void freeze(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = ON");
            List<Long> others = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
                    + " AND COMMAND NOT IN ('Binlog Dump', 'Binlog Dump GTID', 'Daemon') AND USER NOT IN ('system user',"
                    + " 'event_scheduler') AND USER <> SUBSTRING_INDEX(USER(), '@', 1)")) {
                while (rs.next()) {
                    others.add(rs.getLong(1));
                }
            }
            for (long id : others) {
                try {
                    s.execute("KILL CONNECTION " + id);
                } catch (SQLException gone) {
                    // Already gone.
                }
            }
        }
    }

    @Override
    public void unfreeze(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET GLOBAL read_only = OFF");
        }
    }

    /**
     * A binlog reader connected as capture's user. A replica of the same user counts too: the
     * server cannot tell them apart, so give Ferry a user of its own.
     */
    @Override
    public Optional<String> captureRunning(Connection c, CaptureConfig capture) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT ID FROM information_schema.PROCESSLIST"
                + " WHERE COMMAND IN ('Binlog Dump', 'Binlog Dump GTID') AND USER = ?")) {
            s.setString(1, capture.user());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of("a binlog reader of user " + capture.user() + " is connected (connection "
                        + rs.getLong(1) + ")") : Optional.empty();
            }
        }
    }

    /** The binlog keeps nothing for a reader; only the signalling table is Ferry's. */
    @Override
    public List<String> release(Connection c, CaptureConfig capture) throws SQLException {
        String table = capture.signalTable();
        int dot = table.indexOf('.');
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            s.setString(1, table.substring(0, dot));
            s.setString(2, table.substring(dot + 1));
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + backticked(table.substring(0, dot)) + "." + backticked(table.substring(dot + 1)));
        }
        return List.of("table " + table);
    }

    private static String backticked(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** {@code mariadb-bin.000042} at 1234 becomes 42 << 32 | 1234. */
    static long pack(String file, long position) {
        int dot = file.lastIndexOf('.');
        long index = Long.parseLong(file.substring(dot + 1));
        return (index << 32) | position;
    }
}
