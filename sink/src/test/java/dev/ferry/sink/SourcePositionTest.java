package dev.ferry.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SourcePositionTest {

    @Test
    void postgresLsnNumberIsTakenAsIs() {
        assertEquals(4242L, SourcePosition.parse("4242"));
    }

    @Test
    void postgresLsnTextIsHexHighAndLowWords() {
        assertEquals((0x16L << 32) | 0xB3748L, SourcePosition.parse("16/B3748"));
    }

    @Test
    void binlogPositionsCompareByFileThenOffset() {
        long a = SourcePosition.parse("mysql-bin.000003:999999");
        long b = SourcePosition.parse("mysql-bin.000004:4");
        assertTrue(a < b);
        assertEquals((4L << 32) | 4, b);
    }

    @Test
    void missingPositionIsNullAndGarbageIsRefused() {
        assertNull(SourcePosition.parse(null));
        assertNull(SourcePosition.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> SourcePosition.parse("yesterday"));
    }
}
