package dev.ferry.ops.cutover;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CaptureOffsetsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void streamingOffsetWithoutSnapshotFlagsIsDone() throws Exception {
        assertTrue(CaptureOffsets.snapshotDone(JSON.readTree("{\"lsn\": 123, \"txId\": 7}")));
    }

    @Test
    void initialSnapshotIsDoneOnlyAtItsLastRecord() throws Exception {
        assertFalse(CaptureOffsets.snapshotDone(JSON.readTree("{\"lsn\": 1, \"snapshot\": \"INITIAL\", \"last_snapshot_record\": false}")));
        assertTrue(CaptureOffsets.snapshotDone(JSON.readTree("{\"lsn\": 1, \"snapshot\": \"INITIAL\", \"last_snapshot_record\": true}")));
    }

    @Test
    void chunkedSnapshotWithTablesLeftIsNotDone() throws Exception {
        assertFalse(CaptureOffsets.snapshotDone(JSON.readTree("{\"lsn\": 123, \"incremental_snapshot_collections\":"
                + " \"[{\\\"incremental_snapshot_collections_id\\\":\\\"public.big\\\"}]\","
                + " \"incremental_snapshot_primary_key\": \"aced\"}")));
    }
}
