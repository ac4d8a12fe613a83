package dev.ferry.ops.dlq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {

    private final DeadLetter sinkConstraint = new DeadLetter("p.dlq.sink.fresh", 0, 7, 0, null, null,
            Map.of("ferry.stage", "sink", "ferry.error.cause", "constraint"), "items");
    private final DeadLetter transformDecode = new DeadLetter("p.dlq.transform", 1, 3, 0, null, null,
            Map.of("ferry.stage", "transform", "ferry.error.cause", "decode"), "public.items");

    @Test
    void acceptsEverythingWithoutCriteria() {
        assertTrue(DeadLetterFilter.ALL.accepts(sinkConstraint));
        assertTrue(DeadLetterFilter.ALL.accepts(transformDecode));
    }

    @Test
    void matchesABareTableNameAgainstSchemaQualifiedSourceTables() {
        DeadLetterFilter items = new DeadLetterFilter(null, "items", null, null, null, null);
        assertTrue(items.accepts(sinkConstraint));
        assertTrue(items.accepts(transformDecode));
        assertFalse(new DeadLetterFilter(null, "orders", null, null, null, null).accepts(sinkConstraint));
    }

    @Test
    void filtersByCauseStageAndOffsetRange() {
        assertTrue(new DeadLetterFilter("sink", null, "constraint", 0, 5L, 7L).accepts(sinkConstraint));
        assertFalse(new DeadLetterFilter(null, null, "constraint", null, null, null).accepts(transformDecode));
        assertFalse(new DeadLetterFilter(null, null, null, null, 8L, null).accepts(sinkConstraint));
    }

    @Test
    void parsesOffsetRanges() {
        assertArrayEquals(new Long[]{3L, 9L}, DeadLetterFilter.range("3-9"));
        assertArrayEquals(new Long[]{3L, null}, DeadLetterFilter.range("3-"));
        assertArrayEquals(new Long[]{4L, 4L}, DeadLetterFilter.range("4"));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterFilter.range("x"));
    }
}
