package dev.ferry.ops.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The status text says what each number counts, and a percentage never says 100 % of rows not all read. */
class StatusTextTest {

    @Test
    void aFinishedSnapshotBelowItsEstimateSaysDoneNotOneHundredPercent() {
        String text = String.join("\n", StatusText.lines(status(new Status.SourceTable("public.order_items", "streaming",
                6213, 10000, 100.0, 0, null, "p.legacy.public.order_items", 6213, 0))));

        assertFalse(text.contains("100.0%"), text);
        assertTrue(text.contains("snapshot 6,213 rows, done"), text);
    }

    @Test
    void aRunningSnapshotShowsRowsOfTheEstimateAndNeverRoundsUpToOneHundred() {
        String text = String.join("\n", StatusText.lines(status(new Status.SourceTable("public.order_items",
                "snapshotting", 9_999, 10_000, 99.99, 0, null, "p.legacy.public.order_items", 9_999, 0))));

        assertTrue(text.contains("snapshot 9,999 / 10,000 rows (99.9%)"), text);
    }

    @Test
    void percentagesRoundDown() {
        assertEquals("62.1%", SnapshotShare.percent(6213, 10000));
        assertEquals("99.9%", SnapshotShare.percent(999_999, 1_000_000));
        assertEquals("100.0%", SnapshotShare.percent(10, 10));
        assertEquals("0.0%", SnapshotShare.percent(0, 10));
    }

    @Test
    void targetTablesSayTheyCountChangesAndRecordsWritten() {
        Status s = new Status("2026-12-01T10:00:00Z", "p", true, null, null, List.of(),
                new Status.TransformStatus("RUNNING", 0, 2, "p.dlq.transform"),
                List.of(new Status.TargetStatus("fresh", true, true, null, null, 0, 0, 0, "p.dlq.sink.fresh",
                        List.of(new Status.TargetTable("orders", "p.fresh.orders", 2000, 4126, 0, 0, -1, null, false)))));

        String text = String.join("\n", StatusText.lines(s));

        assertTrue(text.contains("changes applied 4,126"), text);
        assertTrue(text.contains("mapped topic 2,000 records written"), text);
    }

    private static Status status(Status.SourceTable table) {
        return new Status("2026-12-01T10:00:00Z", "p", true, null, null,
                List.of(new Status.SourceStatus("legacy", null, null, List.of(table))),
                new Status.TransformStatus("RUNNING", 0, 0, "p.dlq.transform"), List.of());
    }
}
