package dev.ferry.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FerryMetricsTest {

    private final FerryMetrics metrics = new FerryMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void exposesSinkCountsPerTargetAndTable() {
        metrics.sink().recordApplied("fresh", "items", 40);
        metrics.sink().recordApplied("fresh", "items", 2);
        metrics.sink().recordRetry("fresh");
        metrics.sink().recordDeadLetter("fresh", "items", "constraint");
        String text = metrics.scrape();
        assertTrue(text.contains("ferry_applied_rows_total{table=\"items\",target=\"fresh\"} 42.0"), text);
        assertTrue(text.contains("ferry_retries_total{target=\"fresh\"} 1.0"), text);
        assertTrue(text.contains("ferry_dead_letters_total{cause=\"constraint\",stage=\"sink\",table=\"items\",target=\"fresh\"} 1.0"), text);
    }

    @Test
    void recordsEndToEndLatencyAsAHistogramAndTheLastOneAsReplicationLag() {
        metrics.sink().recordLatency("fresh", "items", Duration.ofMillis(250));
        metrics.sink().recordLatency("fresh", "items", Duration.ofMillis(1500));
        String text = metrics.scrape();
        assertTrue(text.contains("ferry_end_to_end_latency_seconds_count{table=\"items\",target=\"fresh\"} 2"), text);
        assertTrue(text.contains("ferry_end_to_end_latency_seconds_bucket{table=\"items\",target=\"fresh\",le=\"+Inf\"} 2"), text);
        assertTrue(text.contains("ferry_replication_lag_seconds{table=\"items\",target=\"fresh\"} 1.5"), text);
        assertEquals(1500, metrics.lastChange("fresh", "items").latencyMillis());
        assertEquals(null, metrics.lastChange("fresh", "other"));
    }

    @Test
    void exposesTransformCountsPerTableAndRule() {
        metrics.transform().recordValid("fresh.items");
        metrics.transform().recordInvalid("fresh.items", "qty-positive");
        metrics.transform().recordFiltered("fresh.items");
        String text = metrics.scrape();
        assertTrue(text.contains("ferry_mapped_records_total{table=\"fresh.items\"} 1.0"), text);
        assertTrue(text.contains("ferry_invalid_records_total{rule=\"qty-positive\",table=\"fresh.items\"} 1.0"), text);
        assertTrue(text.contains("ferry_filtered_records_total{table=\"fresh.items\"} 1.0"), text);
    }

    @Test
    void includesJvmBasics() {
        String text = metrics.scrape();
        assertTrue(text.contains("jvm_memory_used_bytes"), "memory");
        assertTrue(text.contains("jvm_threads_live_threads"), "threads");
        assertTrue(text.contains("process_uptime_seconds"), "uptime");
    }
}
