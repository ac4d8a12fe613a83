package dev.ferry.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void aFailureWithoutCauseIsItsMessage() {
        assertEquals("table gone", Failures.describe(new SQLException("table gone")));
    }

    @Test
    void theInnermostCauseFollowsAMessageThatHidesIt() {
        SQLException e = new SQLException("The connection attempt failed.", new RuntimeException(new UnknownHostException("db.old")));

        assertEquals("The connection attempt failed. (java.net.UnknownHostException: db.old)", Failures.describe(e));
    }

    @Test
    void aFailureWithoutMessageIsNamedByItsClass() {
        assertEquals("java.net.ConnectException", Failures.describe(new ConnectException()));
    }
}
