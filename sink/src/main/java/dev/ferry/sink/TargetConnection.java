package dev.ferry.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The sink's one connection to its target, opened lazily and reopened after a failure. */
final class TargetConnection implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private Connection connection;

    TargetConnection(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** An open connection with auto-commit off. */
    Connection get() throws SQLException {
        if (connection == null) {
            Connection c = DriverManager.getConnection(url, user, password);
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
