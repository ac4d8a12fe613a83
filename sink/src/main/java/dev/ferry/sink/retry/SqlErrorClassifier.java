package dev.ferry.sink.retry;

import dev.ferry.sink.error.ErrorCause;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Decides whether a database error is transient (retry the same work later, for as long as it
 * takes) or caused by the data (isolate the row and dead-letter it). The rule:
 * <ul>
 *   <li>transient: SQLState class {@code 08} (connection), {@code 40001} (serialization failure),
 *       {@code 40P01} (deadlock), class {@code 53} (insufficient resources), {@code 57P01..03}
 *       (admin shutdown, crash, cannot connect now), {@code 55P03} (lock not available),
 *       {@code HYT00}/{@code HY008} (timeouts), MySQL/MariaDB codes 1205 (lock wait timeout),
 *       1213 (deadlock), 2002/2003/2006/2013 (server gone), any {@code SQLTransientException} or
 *       {@code SQLRecoverableException}, and an error without SQLState whose cause is an I/O error;</li>
 *   <li>everything else is permanent, and {@link #cause} says which kind: {@code size} for 22001,
 *       54000 and MariaDB 1406; {@code schema} for an unknown column or table (42703, 42P01, MariaDB
 *       1054, 1146); {@code constraint} for class 23; {@code type} for the rest of class 22 and 42804;
 *       {@code unknown} otherwise.</li>
 * </ul>
 * A foreign-key violation ({@code 23503}, MySQL 1452) is permanent for one attempt but means
 * "parent not there yet": callers may retry it for a bounded time before dead-lettering.
 */
public final class SqlErrorClassifier {

    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03", "55P03",
            "HYT00", "HY008");
    private static final Set<Integer> TRANSIENT_CODES = Set.of(1205, 1213, 2002, 2003, 2006, 2013);

    private SqlErrorClassifier() {
    }

    public static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("53") || TRANSIENT_STATES.contains(state))) {
                    return true;
                }
                if (TRANSIENT_CODES.contains(s.getErrorCode())) {
                    return true;
                }
                if (state == null && s.getCause() instanceof java.io.IOException) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A foreign-key violation: the parent row may simply not have arrived yet. */
    public static boolean isMissingParent(SQLException e) {
        return "23503".equals(e.getSQLState()) || e.getErrorCode() == 1452 || e.getErrorCode() == 1216;
    }

    /** What kind of permanent failure this is, for the {@code ferry.error.cause} header. */
    public static ErrorCause cause(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("22001") || state.equals("54000") || e.getErrorCode() == 1406) {
            return ErrorCause.SIZE;
        }
        if (state.equals("42703") || state.equals("42P01") || e.getErrorCode() == 1054 || e.getErrorCode() == 1146) {
            return ErrorCause.SCHEMA;
        }
        if (state.startsWith("23")) {
            return ErrorCause.CONSTRAINT;
        }
        if (state.startsWith("22") || state.equals("42804")) {
            return ErrorCause.TYPE;
        }
        return ErrorCause.UNKNOWN;
    }
}
