package dev.ferry.sink;

import dev.ferry.sink.dialect.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The sink's one connection to its target, opened lazily and reopened after a failure. Every wait
 * on it is bounded ({@link SinkLimits}: connect, socket and statement timeouts, set in the driver's
 * properties), so a half-open connection or a stuck statement is a failure that is retried, not a hang.
 */
final class TargetConnection implements AutoCloseable {

    private final String url;
    private final Properties properties;
    private Connection connection;

    TargetConnection(String url, String user, String password, SinkLimits limits, Dialect dialect) {
        this.url = url;
        this.properties = dialect.timeouts(url, limits.connectTimeout(), limits.socketTimeout(), limits.statementTimeout());
        properties.setProperty("user", user == null ? "" : user);
        properties.setProperty("password", password == null ? "" : password);
    }

    /** The driver properties (timeouts and credentials), for tests. */
    Properties properties() {
        return properties;
    }

    /** An open connection with auto-commit off. */
    Connection get() throws SQLException {
        if (connection == null) {
            Connection c = DriverManager.getConnection(url, properties);
            c.setAutoCommit(false);
            connection = c;
        }
        return connection;
    }

    void rollbackQuietly() {
        if (connection != null) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                invalidate();
            }
        }
    }

    /** Drops the connection; the next {@link #get()} opens a new one. */
    void invalidate() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // It is broken already; nothing to save.
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        invalidate();
    }
}
