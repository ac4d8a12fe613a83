package dev.ferry.ops.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.ops.config.ConfigException;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.sink.ConflictMode;
import dev.ferry.sink.SinkConfig;
import dev.ferry.sink.TableRoute;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A replay writes with the target's own sink settings; before, it dropped conflict, fk-retry and batch-log. */
class ReplaySinkConfigTest {

    private static final String YAML = """
            kafka: {bootstrap-servers: "broker:9092", schema-registry: "http://registry:8081"}
            sources:
              - {name: legacy, type: postgres, url: "jdbc:postgresql://old:5432/app", user: ferry, tables: [public.t]}
            targets:
              - {name: fresh, type: postgres, url: "jdbc:postgresql://new:5432/app", user: ferry}
              - name: spare
                type: postgres
                url: "jdbc:postgresql://spare:5432/app"
                user: ferry
                conflict: newer-wins
                fk-retry: 500ms
                batch-log: false
            mappings:
              - {from: legacy.public.t, to: fresh.t}
            """;

    @Test
    void replayIntoAnotherTargetKeepsThatTargetsConflictFkRetryAndBatchLog() throws ConfigException {
        StageConfigs configs = new StageConfigs(ConfigLoader.parse(YAML, "ferry.yaml", Map.of()), Path.of("target/state"));
        SinkConfig spare = configs.sinks().stream().filter(s -> s.target().equals("spare")).findFirst().orElseThrow();

        SinkConfig replay = Replay.sinkConfig(configs, "fresh", "spare");

        assertEquals(ConflictMode.NEWER_WINS, replay.conflict());
        assertEquals(Duration.ofMillis(500), replay.fkRetry());
        assertFalse(replay.batchLog());
        assertEquals(spare.limits(), replay.limits());
        assertEquals(List.of(new TableRoute(configs.kafka().topics().mapped("fresh", "t"), "t")), replay.routes());
    }

    @Test
    void printedConfigShowsAnFkRetryBelowASecondAsItIs() throws ConfigException {
        String printed = ConfigLoader.parse(YAML, "ferry.yaml", Map.of()).toDisplayString();

        assertFalse(printed.contains("fk-retry: 0s"), printed);
        assertEquals(true, printed.contains("fk-retry: 500ms"), printed);
    }
}
