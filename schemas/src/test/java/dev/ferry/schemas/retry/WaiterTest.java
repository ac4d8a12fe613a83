package dev.ferry.schemas.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaiterTest {

    @Test
    void pollsAtTheFixedIntervalUntilTheConditionHolds() throws Exception {
        FakeClock clock = new FakeClock();
        AtomicInteger checks = new AtomicInteger();
        boolean held = new Waiter(RetryPolicy.fixed(Duration.ofSeconds(1)), clock, clock.pauser())
                .until(Duration.ofSeconds(10), () -> checks.incrementAndGet() == 4);
        assertTrue(held);
        assertEquals(List.of(1000L, 1000L, 1000L), clock.pausesMillis());
    }

    @Test
    void givesUpAtTheDeadlineWithoutPausingPastItAndChecksOnceMoreThere() throws Exception {
        FakeClock clock = new FakeClock();
        AtomicInteger checks = new AtomicInteger();
        boolean held = new Waiter(RetryPolicy.fixed(Duration.ofMillis(400)), clock, clock.pauser())
                .until(Duration.ofSeconds(1), () -> {
                    checks.incrementAndGet();
                    return false;
                });
        assertFalse(held);
        assertEquals(List.of(400L, 400L, 200L), clock.pausesMillis());
        assertEquals(4, checks.get(), "at 0, 400, 800 and 1000 ms");
    }

    @Test
    void growingPausesFollowThePolicyAndTheDeadlineIsSharedByWaits() throws Exception {
        FakeClock clock = new FakeClock();
        Waiter waiter = new Waiter(new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(500), 2.0), clock, clock.pauser());
        Waiter.Deadline deadline = waiter.deadline(Duration.ofSeconds(2));
        AtomicInteger checks = new AtomicInteger();
        assertTrue(deadline.await(() -> checks.incrementAndGet() == 5));
        assertEquals(List.of(100L, 200L, 400L, 500L), clock.pausesMillis());
        assertFalse(deadline.await(() -> false), "the second wait has only what is left of the 2 s");
        assertEquals(List.of(100L, 200L, 400L, 500L, 100L, 200L, 400L, 100L), clock.pausesMillis());
        assertTrue(deadline.passed());
    }

    @Test
    void aPauseCutShortEndsTheWait() throws Exception {
        FakeClock clock = new FakeClock();
        boolean held = new Waiter(RetryPolicy.fixed(Duration.ofSeconds(1)), clock, d -> false)
                .until(Duration.ofSeconds(10), () -> false);
        assertFalse(held);
    }
}
