package dev.ferry.capture;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What capture needs of a MariaDB or MySQL server: the binary log on, in ROW format, with full row
 * images, and a user allowed to read it.
 */
final class BinlogSettings {

    private BinlogSettings() {
    }

    static List<String> problems(Connection c) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@log_bin, @@binlog_format, @@binlog_row_image")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                problems.add("the binary log is off: start the server with log_bin (and a server_id)");
            }
            if (!"ROW".equalsIgnoreCase(rs.getString(2))) {
                problems.add("binlog_format is " + rs.getString(2) + ": capture needs binlog_format=ROW");
            }
            if (!"FULL".equalsIgnoreCase(rs.getString(3))) {
                problems.add("binlog_row_image is " + rs.getString(3) + ": capture needs binlog_row_image=FULL");
            }
        }
        problems.addAll(missingPrivileges(c));
        return problems;
    }

    /**
     * The global privileges capture needs that the user lacks: {@code REPLICATION SLAVE} to read the
     * binlog, and {@code BINLOG MONITOR} (MariaDB 10.5+; {@code REPLICATION CLIENT} elsewhere) to
     * read positions. Said only when the server can tell: privileges that come through a role are
     * not listed for the user, so with roles nothing is said.
     */
    private static List<String> missingPrivileges(Connection c) throws SQLException {
        String grantee = "CONCAT('''', LEFT(CURRENT_USER(), CHAR_LENGTH(CURRENT_USER())"
                + " - CHAR_LENGTH(SUBSTRING_INDEX(CURRENT_USER(), '@', -1)) - 1), '''@''',"
                + " SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')";
        Set<String> held = new HashSet<>();
        String user;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.APPLICABLE_ROLES")) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return List.of();
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
                rs.next();
                user = rs.getString(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES"
                    + " WHERE GRANTEE = " + grantee)) {
                while (rs.next()) {
                    held.add(rs.getString(1).toUpperCase(Locale.ROOT));
                }
            }
        } catch (SQLException e) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        if (!held.contains("REPLICATION SLAVE")) {
            missing.add("REPLICATION SLAVE");
        }
        if (!held.contains("BINLOG MONITOR") && !held.contains("REPLICATION CLIENT") && !held.contains("SUPER")) {
            missing.add("BINLOG MONITOR");
        }
        return missing.isEmpty() ? List.of() : List.of("user " + user + " lacks " + String.join(", ", missing)
                + ": GRANT " + String.join(", ", missing) + " ON *.* (MySQL: REPLICATION CLIENT for BINLOG MONITOR)");
    }
}
