package dev.ferry.ops.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FromTest {

    @Test
    void readsEarliestInstantsAndEpochMillis() {
        assertTrue(GroupReset.From.parse("earliest").earliest());
        assertEquals(Instant.parse("2026-11-23T10:00:00Z"), GroupReset.From.parse("2026-11-23T10:00:00Z").timestamp());
        assertEquals(Instant.ofEpochMilli(1700000000000L), GroupReset.From.parse("1700000000000").timestamp());
    }

    @Test
    void refusesAnythingElseNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> GroupReset.From.parse("yesterday"));
        assertTrue(e.getMessage().contains("'yesterday'"));
    }
}
