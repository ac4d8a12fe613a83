package dev.ferry.ops.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

    @Test
    void aLogLineOnATerminalIsPrintedAboveTheRedrawnBlockNotInsideIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (var printer = new ProgressView.Printer(now -> List.of("capture a", "sink b"), out, true, Duration.ofHours(1))) {
            assertEquals(printer, ProgressView.Printer.onTerminal());
            printer.print();
            bytes.reset();

            printer.logLine("12:00:00.000 WARN something\n");

            // Up over the two lines of the block, clear to the end of the screen, the log line, the block again.
            assertEquals("\033[2F\033[J12:00:00.000 WARN something\n\033[2Kcapture a\n\033[2Ksink b\n",
                    bytes.toString(StandardCharsets.UTF_8));
        }
        assertEquals(null, ProgressView.Printer.onTerminal(), "log lines go to the console again once the printer is closed");
    }
}
