package dev.ferry.capture;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Debezium's signalling table in a source: {@code (id varchar(42) primary key, type
 * varchar(32) not null, data varchar(2048))}. Debezium writes the open and close watermarks of
 * incremental snapshot chunks into it; the requests themselves come through the Kafka signal topic.
 */
final class SignalTable {

    private static final Logger LOG = LoggerFactory.getLogger(SignalTable.class);

    private SignalTable() {
    }

    /**
     * Runs {@code CREATE TABLE IF NOT EXISTS} for {@link CaptureConfig#signalTable()}, quoting
     * each part with {@code quote} (a double quote or a backtick). Logs and returns false when the
     * source refuses.
     */
    static boolean ensure(CaptureConfig config, char quote) {
        String table = config.signalTable();
        int dot = table.indexOf('.');
        String q = String.valueOf(quote);
        String name = q + table.substring(0, dot).replace(q, q + q) + q + "." + q
                + table.substring(dot + 1).replace(q, q + q) + q;
        String ddl = "CREATE TABLE IF NOT EXISTS " + name
                + " (id varchar(42) PRIMARY KEY, type varchar(32) NOT NULL, data varchar(2048))";
        try (Connection c = config.connect();
             Statement s = c.createStatement()) {
            s.execute(ddl);
            return true;
        } catch (SQLException e) {
            LOG.warn("source {}: cannot create the signalling table {} ({}); incremental snapshots need it: {}",
                    config.source(), table, e.getMessage(), ddl);
            return false;
        }
    }
}
