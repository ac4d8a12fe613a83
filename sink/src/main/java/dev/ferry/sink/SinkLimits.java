package dev.ferry.sink;

import java.time.Duration;

/**
 * How far a sink goes before it gives up or says no: restarts after unexpected failures, the target
 * connection's timeouts, and the size of the foreign-key parking lot.
 *
 * @param restartAttempts restarts after an unexpected failure before the stage is FAILED (0: FAILED at once)
 * @param connectTimeout longest wait to open a target connection
 * @param socketTimeout longest wait for the target to answer on an open connection (a half-open
 *     connection is dropped and retried after it); longer than {@code statementTimeout}
 * @param statementTimeout longest one statement may run in the target before it is cancelled and retried
 * @param parkingMaxRows most changes the parking lot holds; beyond, a change failing on its parent is dead-lettered
 * @param parkingMaxBytes most bytes (key and value as they came from Kafka) the parking lot holds
 */
public record SinkLimits(int restartAttempts, Duration connectTimeout, Duration socketTimeout,
                         Duration statementTimeout, int parkingMaxRows, long parkingMaxBytes) {

    /** 3 restarts; connect 10 s, socket 60 s, statement 30 s; parking 100,000 rows and 256 MiB. */
    public static final SinkLimits DEFAULTS = new SinkLimits(3, Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 100_000, 256L * 1024 * 1024);

    public SinkLimits {
        if (restartAttempts < 0) {
            throw new IllegalArgumentException("restartAttempts must not be negative, was " + restartAttempts);
        }
        for (Duration d : new Duration[] {connectTimeout, socketTimeout, statementTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
        if (parkingMaxRows < 0 || parkingMaxBytes < 0) {
            throw new IllegalArgumentException("parking bounds must not be negative");
        }
    }

    public SinkLimits withRestartAttempts(int attempts) {
        return new SinkLimits(attempts, connectTimeout, socketTimeout, statementTimeout, parkingMaxRows, parkingMaxBytes);
    }

    public SinkLimits withTimeouts(Duration connect, Duration socket, Duration statement) {
        return new SinkLimits(restartAttempts, connect, socket, statement, parkingMaxRows, parkingMaxBytes);
    }

    public SinkLimits withParking(int maxRows, long maxBytes) {
        return new SinkLimits(restartAttempts, connectTimeout, socketTimeout, statementTimeout, maxRows, maxBytes);
    }
}
