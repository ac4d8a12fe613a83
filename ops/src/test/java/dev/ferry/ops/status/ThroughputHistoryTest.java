package dev.ferry.ops.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The throughput history holds rates per interval over the last hour, oldest first. */
class ThroughputHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void eachSampleIsTheRateSinceThePreviousTotals() {
        ThroughputHistory history = new ThroughputHistory(Duration.ofSeconds(10));
        history.record(T0, 0, 0);
        history.record(T0.plusSeconds(10), 5_000, 8_000);
        history.record(T0.plusSeconds(20), 5_000, 8_000);

        var samples = history.view().samples();

        assertEquals(2, samples.size());
        assertEquals(new ThroughputHistory.Sample("2026-12-01T10:00:10Z", 500, 800), samples.get(0));
        assertEquals(0, samples.get(1).appliedPerSecond());
        assertEquals(10, history.view().intervalSeconds());
    }

    @Test
    void samplesOlderThanAnHourAreDropped() {
        ThroughputHistory history = new ThroughputHistory(Duration.ofSeconds(10));
        for (int i = 0; i <= 400; i++) {
            history.record(T0.plusSeconds(10L * i), 100L * i, 0);
        }

        var samples = history.view().samples();

        assertEquals(361, samples.size(), "one hour of 10 s samples, both ends included");
        assertEquals(T0.plusSeconds(4000).minus(ThroughputHistory.KEPT).toString(), samples.get(0).at());
    }
}
