package dev.ferry.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureProgressTest {

    private final CaptureProgress progress = new CaptureProgress(List.of("public.a", "public.b"), Clock.systemUTC());

    @Test
    void tableIsSnapshottingWhileRowsAreRead() {
        progress.estimate("public.a", 200);
        progress.published("public.a", "r", "first_in_data_collection", null);
        progress.published("public.a", "r", "true", null);
        TableProgress a = progress.tables().get(0);
        assertEquals(Phase.SNAPSHOTTING, a.phase());
        assertEquals(2, a.snapshotRows());
        assertEquals(1.0, a.snapshotPercent(), 0.001);
    }

    @Test
    void tableStreamsAfterItsLastSnapshotRow() {
        progress.published("public.a", "r", "last_in_data_collection", null);
        assertEquals(Phase.STREAMING, progress.tables().get(0).phase());
        assertEquals(Phase.STARTING, progress.tables().get(1).phase());
    }

    @Test
    void everyTableStreamsOnceTheEngineStreams() {
        progress.streamingProbe(() -> true);
        assertEquals(true, progress.snapshotsDone());
    }

    @Test
    void chunkedFirstSnapshotCountsAsSnapshotWhileChangesStream() {
        progress.streamingProbe(() -> true);
        progress.estimate("public.a", 4);
        progress.chunking("public.a");
        progress.published("public.a", "r", "incremental", "10");
        progress.published("public.a", "u", "false", "11");
        progress.published("public.a", "r", "incremental", "12");
        TableProgress a = progress.tables().get(0);
        assertEquals(Phase.SNAPSHOTTING, a.phase());
        assertEquals(2, a.snapshotRows());
        assertEquals(0, a.incrementalRows());
        assertEquals(50.0, a.snapshotPercent(), 0.001);
        assertEquals(false, progress.snapshotsDone());

        progress.chunkingDone("public.a");
        progress.published("public.a", "r", "incremental", "13");
        assertEquals(Phase.STREAMING, progress.tables().get(0).phase());
        assertEquals(3, progress.tables().get(0).snapshotRows(), "the last chunk's rows come after the notification");
        assertEquals(true, progress.snapshotsDone());

        progress.reSnapshotting("public.a");
        progress.published("public.a", "r", "incremental", "20");
        assertEquals(1, progress.tables().get(0).incrementalRows());
    }

    @Test
    void reSnapshotRowsAreNotSnapshotRows() {
        progress.published("public.b", "r", "incremental", "10");
        assertEquals(0, progress.tables().get(1).snapshotRows());
        assertEquals(1, progress.tables().get(1).incrementalRows());
    }

    @Test
    void countsChangesAndRemembersThePosition() {
        progress.published("public.b", "u", "false", "123456");
        progress.published("public.b", "d", "false", "123999");
        assertEquals(2, progress.tables().get(1).changes());
        assertEquals("123999", progress.lastPosition());
    }

    @Test
    void failureShowsAsFailingUntilTheNextChange() {
        progress.failed("connection refused");
        assertEquals(Phase.FAILING, progress.tables().get(0).phase());
        progress.published("public.a", "c", "false", "1");
        assertEquals(Phase.STREAMING, progress.tables().get(0).phase());
    }

    @Test
    void restartPauseDoublesUpToThirtySeconds() {
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L),
                java.util.stream.IntStream.rangeClosed(1, 7).mapToObj(CaptureStage::restartPause).map(Duration::toSeconds).toList());
    }
}
