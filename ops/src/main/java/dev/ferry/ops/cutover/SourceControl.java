package dev.ferry.ops.cutover;

import dev.ferry.capture.CaptureConfig;
import dev.ferry.ops.config.DbType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What cutover needs from a source database: where its change log is now, how far capture has
 * confirmed it, and how to stop application writes (and allow them again).
 */
interface SourceControl {

    /** The source's current log position (PostgreSQL: the WAL insert LSN, as a number). */
    long currentPosition(Connection c) throws SQLException;

    /**
     * The position up to which capture has confirmed it holds every change; -1 if unknown.
     * PostgreSQL: the replication slot's {@code confirmed_flush_lsn}, which Debezium advances only
     * after Ferry committed the offset, i.e. after Kafka acknowledged every change before it.
     * MariaDB/MySQL: the binlog position of the capture offset Ferry committed last.
     */
    long confirmedPosition(Connection c, CaptureConfig capture) throws SQLException;

    /** Writes a harmless record into the change log, so capture has something past a position to confirm. */
    void nudge(Connection c) throws SQLException;

    /** Makes the database read-only for application writes; documented per database in the README. */
    void freeze(Connection c) throws SQLException;

    /** Undoes {@link #freeze}. */
    void unfreeze(Connection c) throws SQLException;

    /** Why capture of this source is still running (a change reader is connected), or empty. */
    Optional<String> captureRunning(Connection c, CaptureConfig capture) throws SQLException;

    /**
     * Drops what capture created in the source, so the old database keeps nothing for Ferry:
     * PostgreSQL's replication slot (which otherwise holds WAL for ever) and publication, and the
     * signalling table. Call only when {@link #captureRunning} is empty.
     *
     * @return what was dropped, one line each
     */
    List<String> release(Connection c, CaptureConfig capture) throws SQLException;

    static SourceControl of(DbType type) {
        return switch (type) {
            case POSTGRES -> new PostgresSourceControl();
            case MARIADB, MYSQL -> new BinlogSourceControl();
        };
    }
}
