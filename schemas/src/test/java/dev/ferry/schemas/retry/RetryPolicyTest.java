package dev.ferry.schemas.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void backsOffExponentiallyUpToTheCap() {
        List<Long> millis = IntStream.rangeClosed(1, 10).mapToObj(RetryPolicy.DEFAULT::delay).map(Duration::toMillis).toList();
        assertEquals(List.of(200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L, 30000L, 30000L), millis);
    }

    @Test
    void refusesACapBelowTheFirstPause() {
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 2));
    }

    @Test
    void aFixedPolicyPausesTheSameEveryTime() {
        List<Long> millis = IntStream.rangeClosed(1, 4).mapToObj(RetryPolicy.fixed(Duration.ofMillis(500))::delay)
                .map(Duration::toMillis).toList();
        assertEquals(List.of(500L, 500L, 500L, 500L), millis);
    }
}
