package dev.ferry.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressViewTest {

    @Test
    void etaIsTheRemainingRowsAtTheLastRateRoundedUp() {
        assertEquals("  ETA 4s", ProgressView.eta(1_000, 250));
        assertEquals("  ETA 1s", ProgressView.eta(1, 1_000));
        assertEquals("  ETA 2m 05s", ProgressView.eta(125_000, 1_000));
        assertEquals("  ETA 3h 25m", ProgressView.eta(12_300_000, 1_000));
    }

    @Test
    void noEtaWithoutRowsLeftOrWithoutARate() {
        assertEquals("", ProgressView.eta(0, 1_000));
        assertEquals("", ProgressView.eta(-5, 1_000));
        assertEquals("", ProgressView.eta(1_000, 0));
    }
}
