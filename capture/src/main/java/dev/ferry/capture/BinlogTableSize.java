package dev.ferry.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Row estimates of MariaDB/MySQL tables from {@code information_schema.tables}. */
final class BinlogTableSize {

    private BinlogTableSize() {
    }

    /** @return InnoDB's estimate of the rows of {@code database.table}, -1 when it cannot be had */
    static long estimate(CaptureConfig config, String table) {
        int dot = table.indexOf('.');
        String sql = "SELECT table_rows FROM information_schema.tables WHERE table_schema = ? AND table_name = ?";
        try (Connection c = config.connect();
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, table.substring(0, dot));
            s.setString(2, table.substring(dot + 1));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}
