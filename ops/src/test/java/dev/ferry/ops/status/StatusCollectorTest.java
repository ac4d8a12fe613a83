package dev.ferry.ops.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.StageConfigs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Status of a pipeline that does not run in this process: everything from Kafka. */
class StatusCollectorTest {

    private final StageConfigs configs = new StageConfigs(load(), Path.of("state"));

    @Test
    void readsSizesLagAndDeadLettersFromKafkaWhenNothingRuns() {
        KafkaSnapshot kafka = new KafkaSnapshot(Instant.now(),
                Map.of("p.legacy.public.items", 100L, "p.fresh.items", 90L, "p.dlq.sink.fresh", 3L, "p.dlq.transform", 1L),
                Map.of(new KafkaSnapshot.GroupTopic("p-sink-fresh", "p.fresh.items"), 7L,
                        new KafkaSnapshot.GroupTopic("p-transform", "p.legacy.public.items"), 2L),
                Map.of());
        Status s = new StatusCollector(configs, null, null).collect(kafka);

        assertFalse(s.running());
        Status.SourceTable items = s.sources().get(0).tables().get(0);
        assertEquals("public.items", items.table());
        assertEquals("stopped", items.phase());
        assertEquals(100, items.rawRecords());
        assertEquals("STOPPED", s.transform().state());
        assertEquals(2, s.transform().lag());
        assertEquals(1, s.transform().deadLetters());
        Status.TargetStatus fresh = s.targets().get(0);
        assertFalse(fresh.running());
        assertEquals(7, fresh.lag());
        assertEquals(3, fresh.deadLetters());
        assertEquals(90, fresh.tables().get(0).mappedRecords());
        assertEquals(-1, fresh.tables().get(0).replicationLagMs());
        assertNull(fresh.unreachableSince());
    }

    @Test
    void saysStagesRunElsewhereWhenTheirGroupsHaveMembers() {
        KafkaSnapshot kafka = new KafkaSnapshot(Instant.now(), Map.of(), Map.of(),
                Map.of("p-transform", 2, "p-sink-fresh", 1));
        Status s = new StatusCollector(configs, null, null).collect(kafka);
        assertEquals("RUNNING ELSEWHERE (2 members)", s.transform().state());
        assertTrue(s.targets().get(0).running());
        assertTrue(String.join("\n", StatusText.lines(s)).matches("(?s).*target fresh\\s+sink running elsewhere.*"));
    }

    @Test
    void rendersAsTextLinesNamingEveryTable() {
        Status s = new StatusCollector(configs, null, null).collect(null);
        String text = String.join("\n", StatusText.lines(s));
        assertTrue(text.startsWith("pipeline p not running (read from Kafka)"), text);
        assertTrue(text.contains("public.items"), text);
        assertTrue(text.contains("table items"), text);
    }

    /** One PostgreSQL source table public.items into target fresh, topic prefix p. */
    static dev.ferry.ops.config.FerryConfig load() {
        try {
            return ConfigLoader.parse("""
                    kafka:
                      bootstrap-servers: localhost:9092
                      schema-registry: http://localhost:8081
                      topic-prefix: p
                    sources:
                      - name: legacy
                        type: postgres
                        url: jdbc:postgresql://db/app
                        user: u
                        tables: [public.items]
                    targets:
                      - name: fresh
                        type: postgres
                        url: jdbc:postgresql://db2/app
                        user: u
                    """, "ferry.yaml", Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
