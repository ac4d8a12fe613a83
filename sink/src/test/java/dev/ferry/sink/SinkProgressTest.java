package dev.ferry.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkProgressTest {

    @Test
    void appliedRowsIsTheSumOverTables() {
        SinkProgress progress = new SinkProgress("fresh");
        progress.applied("items", 3, Instant.EPOCH);
        progress.applied("orders", 4, Instant.EPOCH);
        progress.applied("items", 5, Instant.EPOCH);

        assertEquals(Map.of("items", 8L, "orders", 4L), progress.applied());
        assertEquals(12, progress.appliedRows());
    }
}
