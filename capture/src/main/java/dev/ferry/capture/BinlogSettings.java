package dev.ferry.capture;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What capture needs of a MariaDB or MySQL server: the binary log on, in ROW format, with full row images. */
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
        return problems;
    }
}
