package dev.ferry.ops.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutover readiness names what cutover would find missing now, from the status alone. */
class CutoverReadinessTest {

    @Test
    void aStreamingPipelineWithNothingPendingIsReady() {
        CutoverReadiness r = CutoverReadiness.of(status("streaming", 0, 0), 0);

        assertTrue(r.ready(), r.toString());
        assertEquals(List.of(), r.blockers());
    }

    @Test
    void namesTheSnapshotTheLagAndTheDeadLettersInTheWay() {
        CutoverReadiness r = CutoverReadiness.of(status("snapshotting", 12, 3_400), 2);

        assertEquals(List.of("source legacy: public.items is snapshotting", "transform still has 12 records to map",
                "target fresh still has 3,400 records to apply",
                "2 dead letters pending (ferry dlq list; or cutover --accept-dead-letters)"), r.blockers());
    }

    private static Status status(String phase, long transformLag, long targetLag) {
        return new Status("2026-12-01T10:00:00Z", "p", true, null, null,
                List.of(new Status.SourceStatus("legacy", null, null, List.of(new Status.SourceTable("public.items",
                        phase, 10, 10, 100, 0, null, "p.legacy.public.items", 10, 0)))),
                new Status.TransformStatus("RUNNING", transformLag, 0, "p.dlq.transform"),
                List.of(new Status.TargetStatus("fresh", true, true, null, null, 0, targetLag, 0, "p.dlq.sink.fresh",
                        List.of())));
    }
}
