package dev.ferry.sink.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.sink.error.ErrorCause;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlErrorClassifierTest {

    @Test
    void connectionLossDeadlockAndSerializationFailuresAreTransient() {
        assertTrue(SqlErrorClassifier.isTransient(new SQLException("gone", "08006")));
        assertTrue(SqlErrorClassifier.isTransient(new SQLException("serialization", "40001")));
        assertTrue(SqlErrorClassifier.isTransient(new SQLException("deadlock", "40P01")));
        assertTrue(SqlErrorClassifier.isTransient(new SQLException("too many connections", "53300")));
        assertTrue(SqlErrorClassifier.isTransient(new SQLException("admin shutdown", "57P01")));
        assertTrue(SqlErrorClassifier.isTransient(new SQLException("lock wait timeout", "HY000", 1205)));
        assertTrue(SqlErrorClassifier.isTransient(new SQLException("deadlock", "40001", 1213)));
        assertTrue(SqlErrorClassifier.isTransient(new SQLTransientConnectionException("refused")));
        assertTrue(SqlErrorClassifier.isTransient(new SQLException("server gone away", "HY000", 2006)));
        assertTrue(SqlErrorClassifier.isTransient(new java.sql.SQLNonTransientConnectionException("socket closed", "08000")));
    }

    @Test
    void dataErrorsArePermanentWithTheirCause() {
        SQLException check = new SQLException("violates check constraint", "23514");
        assertFalse(SqlErrorClassifier.isTransient(check));
        assertEquals(ErrorCause.CONSTRAINT, SqlErrorClassifier.cause(check));
        assertEquals(ErrorCause.SIZE, SqlErrorClassifier.cause(new SQLException("value too long", "22001")));
        assertEquals(ErrorCause.TYPE, SqlErrorClassifier.cause(new SQLException("invalid input syntax", "22P02")));
        assertTrue(SqlErrorClassifier.isMissingParent(new SQLException("fk", "23503")));
        assertTrue(SqlErrorClassifier.isMissingParent(new SQLException("fk", "23000", 1452)));
        // a parent delete refused while its children are still there: their deletes have not arrived yet
        assertTrue(SqlErrorClassifier.isMissingParent(new SQLException("Cannot delete or update a parent row", "23000", 1451)));
        assertEquals(ErrorCause.CONSTRAINT, SqlErrorClassifier.cause(new SQLException("check", "23000", 4025)));
        assertEquals(ErrorCause.SCHEMA, SqlErrorClassifier.cause(new SQLException("no column", "42703")));
        assertEquals(ErrorCause.SCHEMA, SqlErrorClassifier.cause(new SQLException("Unknown column", "42S22", 1054)));
        assertEquals(ErrorCause.TYPE, SqlErrorClassifier.cause(new java.sql.SQLDataException("NaN", "22003")));
    }

    @Test
    void theTargetsStateIsRetriedNeverDeadLettered() {
        for (String state : List.of("3D000", "3F000", "28000", "28P01", "42501", "25006", "53100", "57014")) {
            assertTrue(SqlErrorClassifier.isRetryable(new SQLException("state " + state, state)), state);
        }
        for (int code : List.of(1049, 1045, 1044, 1142, 1143, 1227, 1290, 1792, 1836, 1021, 1114, 1969)) {
            assertTrue(SqlErrorClassifier.isRetryable(new SQLException("code " + code, "HY000", code)), "code " + code);
        }
        assertTrue(SqlErrorClassifier.isEnvironment(new SQLException("no db", "3D000")));
        assertFalse(SqlErrorClassifier.isTransient(new SQLException("no db", "3D000")));
        assertTrue(SqlErrorClassifier.isRefusedPrivilege(new SQLException("denied", "42000", 1142)));
        assertFalse(SqlErrorClassifier.isRefusedPrivilege(new SQLException("read only", "25006")));
        assertFalse(SqlErrorClassifier.isRetryable(new SQLException("check", "23514")));
        assertFalse(SqlErrorClassifier.isRetryable(new SQLException("bad date", "22008")));
    }
}
