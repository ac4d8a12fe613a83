package dev.ferry.schemas.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferry.schemas.retry.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartBudgetTest {

    @Test
    void restartsAfterOneSecondDoublingToThirtyThenGivesUp() {
        FakeClock clock = new FakeClock();
        RestartBudget budget = new RestartBudget(7, clock);
        List<Optional<Long>> pauses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Optional<Duration> pause = budget.failed();
            pauses.add(pause.map(Duration::toMillis));
            pause.ifPresent(clock::advance);
        }
        assertEquals(List.of(Optional.of(1000L), Optional.of(2000L), Optional.of(4000L), Optional.of(8000L),
                Optional.of(16000L), Optional.of(30000L), Optional.of(30000L), Optional.<Long>empty()), pauses);
    }

    @Test
    void zeroAttemptsFailsAtTheFirstFailure() {
        assertEquals(Optional.empty(), new RestartBudget(0, new FakeClock()).failed());
    }

    @Test
    void aStageThatRanTenMinutesSinceItsLastFailureHasItsRestartsBack() {
        FakeClock clock = new FakeClock();
        RestartBudget budget = new RestartBudget(1, clock);
        assertEquals(Optional.of(Duration.ofSeconds(1)), budget.failed());
        clock.advance(RestartBudget.STABLE_AFTER);
        assertEquals(Optional.empty(), budget.failed(), "exactly 10 minutes is not more than 10 minutes");
        RestartBudget fresh = new RestartBudget(1, clock);
        fresh.failed();
        clock.advance(RestartBudget.STABLE_AFTER.plusMillis(1));
        assertEquals(Optional.of(Duration.ofSeconds(1)), fresh.failed());
        assertEquals(1, fresh.failures());
    }

    @Test
    void refusesNegativeAttempts() {
        assertThrows(IllegalArgumentException.class, () -> new RestartBudget(-1, new FakeClock()));
    }
}
