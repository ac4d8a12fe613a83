package dev.ferry.sink.retry;

import dev.ferry.sink.error.ErrorCause;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Decides whether a database error is the target's state (retry the same work later, for as long
 * as it takes, and show the outage) or caused by the data (isolate the row and dead-letter it).
 * The rule (README "Which errors are transient"):
 * <ul>
 *   <li><b>transient</b>: SQLState class {@code 08} (connection), {@code 40001} (serialization
 *       failure), {@code 40P01} (deadlock), class {@code 53} (insufficient resources, disk full
 *       {@code 53100} included), {@code 57P01..03} (admin shutdown, crash, cannot connect now),
 *       {@code 57014} (statement timeout), {@code 55P03} (lock not available), {@code HYT00}/{@code HY008}
 *       (timeouts), MariaDB/MySQL codes 1205 (lock wait timeout), 1213 (deadlock), 1969 and 3024
 *       (statement time exceeded), 2002/2003/2006/2013 (server gone), any {@code SQLTransientException}
 *       or {@code SQLRecoverableException}, and an error without SQLState whose cause is an I/O error;</li>
 *   <li><b>environment</b> (the target is not set up for Ferry yet; also retried, never a dead letter):
 *       database missing ({@code 3D000}, MariaDB 1049), schema missing ({@code 3F000}), credentials
 *       refused ({@code 28000}, {@code 28P01}, MariaDB 1045), a privilege missing ({@code 42501},
 *       MariaDB 1044, 1142, 1143, 1227), a read-only target ({@code 25006}, MariaDB 1290, 1792, 1836),
 *       a full disk or table (MariaDB 1021, 1114);</li>
 *   <li>everything else is permanent, and {@link #cause} says which kind: {@code size} for 22001,
 *       54000 and MariaDB 1406; {@code schema} for an unknown column or table (42703, 42P01, MariaDB
 *       1054, 1146); {@code constraint} for class 23; {@code type} for the rest of class 22 and 42804;
 *       {@code unknown} otherwise.</li>
 * </ul>
 * A foreign-key violation ({@code 23503}, MySQL 1452/1216; a parent row still referenced: PostgreSQL's
 * {@code 23503} too, MySQL 1451/1217) is permanent for one attempt but means "parent not there yet"
 * (or "children not deleted yet": the sink applies the tables in its own order): callers may retry it
 * for a bounded time before dead-lettering.
 */
public final class SqlErrorClassifier {

    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03", "57014",
            "55P03", "HYT00", "HY008");
    private static final Set<Integer> TRANSIENT_CODES = Set.of(1205, 1213, 1969, 3024, 2002, 2003, 2006, 2013);
    private static final Set<String> ENVIRONMENT_STATES = Set.of("3D000", "3F000", "28000", "28P01", "42501", "25006");
    private static final Set<Integer> ENVIRONMENT_CODES = Set.of(1049, 1045, 1044, 1142, 1143, 1227, 1290, 1792, 1836,
            1021, 1114);
    private static final Set<String> PRIVILEGE_STATES = Set.of("42501");
    private static final Set<Integer> PRIVILEGE_CODES = Set.of(1044, 1142, 1143, 1227);

    private SqlErrorClassifier() {
    }

    /** Whether the same work may succeed later: a transient or an environment failure. */
    public static boolean isRetryable(SQLException e) {
        return isTransient(e) || isEnvironment(e);
    }

    /** A passing failure of the connection or of concurrency (server gone, deadlock, timeout). */
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

    /**
     * The target is not (yet) what Ferry needs: database or schema missing, credentials or a
     * privilege refused, read-only, disk full. No row is at fault; an operator fixes the target.
     */
    public static boolean isEnvironment(SQLException e) {
        return matches(e, ENVIRONMENT_STATES, ENVIRONMENT_CODES);
    }

    /** The user lacks a privilege for this statement (which another statement may not need). */
    public static boolean isRefusedPrivilege(SQLException e) {
        return matches(e, PRIVILEGE_STATES, PRIVILEGE_CODES);
    }

    private static boolean matches(SQLException e, Set<String> states, Set<Integer> codes) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (states.contains(s.getSQLState()) || codes.contains(s.getErrorCode()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A foreign-key violation: the parent row may simply not have arrived yet, or (a parent's delete
     * or key change refused) the deletes of its children not yet.
     */
    public static boolean isMissingParent(SQLException e) {
        return "23503".equals(e.getSQLState()) || e.getErrorCode() == 1452 || e.getErrorCode() == 1216
                || e.getErrorCode() == 1451 || e.getErrorCode() == 1217;
    }

    /** The table named does not exist (PostgreSQL 42P01, MariaDB/MySQL 1146). */
    public static boolean isMissingTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || e.getErrorCode() == 1146;
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
