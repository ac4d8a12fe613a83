package dev.ferry.capture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class SnapshotRestartsTest {

    private static final Schema SOURCE = SchemaBuilder.struct().field("snapshot", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA)
            .field("source", SOURCE).build();

    private final Map<String, Long> records = new HashMap<>();
    private final SnapshotRestarts restarts = new SnapshotRestarts(t -> records.getOrDefault(t, 0L));

    @Test
    void aFirstReadIntoAnEmptyTopicIsNoRestart() {
        assertFalse(restarts.restartsAt("raw.t", "public.t", change("r", "first")));
        records.put("raw.t", 10L);
        assertFalse(restarts.restartsAt("raw.t", "public.t", change("r", "true")), "later rows of the same read");
    }

    @Test
    void aReadOfATableWhoseTopicHoldsRecordsIsARestartOncePerEngineRun() {
        records.put("raw.t", 500L);
        assertTrue(restarts.restartsAt("raw.t", "public.t", change("r", "true")));
        assertFalse(restarts.restartsAt("raw.t", "public.t", change("r", "last")));
        restarts.engineStarting();
        assertTrue(restarts.restartsAt("raw.t", "public.t", change("r", "first")), "an engine restarted reads again");
    }

    @Test
    void incrementalSnapshotsAndStreamedChangesAreNoRestart() {
        records.put("raw.t", 500L);
        assertFalse(restarts.restartsAt("raw.t", "public.t", change("r", "incremental")), "ferry snapshot, chunked reads");
        assertFalse(restarts.restartsAt("raw.t", "public.t", change("c", "false")));
        assertFalse(restarts.restartsAt("raw.t", "public.t", change("d", null)));
    }

    private static Struct change(String op, String snapshot) {
        return new Struct(ENVELOPE).put("op", op).put("source", new Struct(SOURCE).put("snapshot", snapshot));
    }
}
