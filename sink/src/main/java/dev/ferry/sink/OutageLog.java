package dev.ferry.sink;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs an outage once per change of state, not once per retry: a warning when something stops
 * answering or answers with another error, debug lines for each retry in between, and one line
 * when it works again (with how long it was out). Lines name what is out ({@code target fresh}).
 * Not thread-safe: one stage thread owns it.
 */
final class OutageLog {

    private static final Logger LOG = LoggerFactory.getLogger(OutageLog.class);

    private final String what;
    private final Clock clock;
    private Instant since;
    private String lastProblem;
    private int retries;

    OutageLog(String what, Clock clock) {
        this.what = what;
        this.clock = clock;
    }

    /** One more failed attempt; {@code pause} is the wait before the next. */
    void failed(SQLException e, Duration pause) {
        String problem = e.getSQLState() + ": " + e.getMessage();
        retries++;
        if (since == null) {
            since = clock.instant();
        }
        if (!Objects.equals(problem, lastProblem)) {
            LOG.warn("{} unavailable ({}); retrying, next in {} ms, until it answers", what, problem, pause.toMillis());
            lastProblem = problem;
        } else {
            LOG.debug("{} still unavailable ({}); retry {} in {} ms", what, problem, retries, pause.toMillis());
        }
    }

    /** The work succeeded: ends the outage, if there was one. */
    void recovered() {
        if (since != null) {
            LOG.info("{} available again after {} s ({} retries)", what,
                    Duration.between(since, clock.instant()).toSeconds(), retries);
            since = null;
            lastProblem = null;
            retries = 0;
        }
    }
}
