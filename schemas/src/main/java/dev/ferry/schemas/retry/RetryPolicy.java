package dev.ferry.schemas.retry;

import java.time.Duration;

/**
 * Exponential backoff with a cap: attempt 1 waits {@code initial}, each next attempt waits
 * {@code multiplier} times longer, never more than {@code max}. Retries go on for as long as it
 * takes; the caller decides what is worth retrying (see {@link SqlErrorClassifier}).
 *
 * @param initial the first pause
 * @param max the longest pause
 * @param multiplier growth factor between pauses, at least 1
 */
public record RetryPolicy(Duration initial, Duration max, double multiplier) {

    /** 200 ms, doubling, at most 30 s: the schema registry, dead letters Kafka does not take. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0);

    /** The same pause every time ({@code multiplier} 1): polling a condition. */
    public static RetryPolicy fixed(Duration every) {
        return new RetryPolicy(every, every, 1.0);
    }

    public RetryPolicy {
        if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1) {
            throw new IllegalArgumentException("bad retry policy: initial " + initial + ", max " + max + ", x" + multiplier);
        }
    }

    /** The pause before retry number {@code attempt} (1-based). */
    public Duration delay(int attempt) {
        double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
