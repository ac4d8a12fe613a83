package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /metrics} of a real {@code ferry run} process, scraped over HTTP: the transform's counts are
 * there, the series alerts are written over are there at 0 before their first event, the latency
 * histogram has a few buckets, and {@code promtool check metrics} finds nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsScrapeTest {


    private PostgresPair pg;
    private ChildPipeline child;
    private int port;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("metrics-scrape");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE parcels (id int PRIMARY KEY, label text, weight text)");
            s.execute("INSERT INTO parcels SELECT g, 'parcel ' || g, g::text FROM generate_series(1, 50) g");
            s.execute("INSERT INTO parcels VALUES (51, NULL, '1'), (52, 'heavy', 'x')");
        }
        Path config = pg.writeConfig(SharedServices.uniquePrefix("scrape"), List.of("public.parcels"), """
                mappings:
                  - from: legacy.public.parcels
                    to: fresh.parcels
                    columns:
                      weight: {cast: "int"}
                    validate:
                      - {id: label-present, rule: not-null, column: label}
                      - {id: short-label, rule: max-length, column: label, max: 8, severity: warn}
                """);
        Path log = pg.dir().resolve("run.log");
        child = ChildPipeline.start(config, pg.dir().resolve("state"), log);
        this.port = ChildPipeline.httpPort(log);
        Await.until("50 rows mapped", Duration.ofSeconds(180), () -> scrape(),
                t -> t.contains("ferry_mapped_records_total{table=\"fresh.parcels\"} 50.0")
                        && t.contains("ferry_applied_rows_total{table=\"parcels\",target=\"fresh\"} 50.0"));
    }

    @AfterAll
    void stop() throws Exception {
        if (child != null) {
            child.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void transformCountsAppearOnMetrics() throws Exception {
        String text = scrape();

        assertTrue(text.contains("ferry_invalid_records_total{rule=\"label-present\",table=\"fresh.parcels\"} 1.0"), text);
        assertTrue(text.contains("ferry_invalid_records_total{rule=\"columns.weight.cast\",table=\"fresh.parcels\"} 1.0"), text);
        assertTrue(text.contains("ferry_warned_records_total{rule=\"short-label\",table=\"fresh.parcels\"} 41.0"), text);
        assertTrue(text.contains("ferry_filtered_records_total{table=\"fresh.parcels\"} 0.0"), text);
        assertTrue(text.contains("ferry_dead_letters_total{cause=\"validation\",stage=\"transform\",table=\"parcels\",target=\"fresh\"} 2.0"),
                text);
    }

    @Test
    void seriesForAlertsAreThereAtZeroBeforeTheirFirstEvent() throws Exception {
        String text = scrape();

        assertTrue(text.contains("ferry_retries_total{target=\"fresh\"} 0.0"), text);
        assertTrue(text.contains("ferry_target_reachable{target=\"fresh\"} 1.0"), text);
        assertTrue(text.contains("ferry_source_connected{source=\"legacy\"} 1.0"), text);
        assertTrue(text.contains("ferry_table_phase{phase=\"streaming\",source=\"legacy\",table=\"public.parcels\"} 1.0"), text);
        assertTrue(text.contains("ferry_table_phase{phase=\"failing\",source=\"legacy\",table=\"public.parcels\"} 0.0"), text);
        for (String cause : List.of("constraint", "type", "size", "schema", "decode", "unknown")) {
            assertTrue(text.contains("ferry_dead_letters_total{cause=\"" + cause + "\",stage=\"sink\",table=\"parcels\",target=\"fresh\"} 0.0"),
                    cause + "\n" + text);
        }
        assertTrue(text.contains("ferry_invalid_records_total{rule=\"decode\",table=\"fresh.parcels\"} 0.0"), text);
    }

    @Test
    void sourceLagIsPublishedAsTheWalBytesTheSlotHoldsBack() throws Exception {
        String prefix = "ferry_source_lag_bytes{source=\"legacy\"} ";
        assertTrue(scrape().contains(prefix), "registered before its first reading");
        // Read every 10 s from the slot: once capture confirmed the snapshot, a quiet source holds back little.
        Await.until("source lag read from the slot", Duration.ofSeconds(90), () -> scrape(),
                t -> t.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                        .anyMatch(v -> !v.equals("NaN") && Double.parseDouble(v) >= 0 && Double.parseDouble(v) < 64 * 1024 * 1024));
    }

    @Test
    void theLatencyHistogramHasAFewMeaningfulBuckets() throws Exception {
        String text = scrape();

        List<String> buckets = text.lines().filter(l -> l.startsWith("ferry_end_to_end_latency_seconds_bucket{")).toList();
        assertEquals(9, buckets.size(), String.join("\n", buckets));
        assertTrue(buckets.stream().anyMatch(l -> l.contains("le=\"1.0\"")), String.join("\n", buckets));
        assertTrue(buckets.stream().anyMatch(l -> l.contains("le=\"+Inf\"")), String.join("\n", buckets));
    }

    @Test
    void everyMetricHasHelpAndNoGaugeEndsInCount() throws Exception {
        String text = scrape();

        List<String> types = text.lines().filter(l -> l.startsWith("# TYPE ")).toList();
        for (String type : types) {
            String name = type.split(" ")[2];
            assertTrue(text.contains("# HELP " + name + " "), "no help for " + name);
            assertFalse(type.endsWith(" gauge") && name.endsWith("_count"), "a gauge ending in _count: " + name);
        }
    }

    @Test
    void promtoolFindsNothingToSayAboutTheScrape() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool),
                "promtool is not installed (Debian package prometheus; scripts/test installs it): not checked");
        Path scraped = pg.dir().resolve("scrape.txt");
        Files.writeString(scraped, scrape());
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true)
                .redirectInput(scraped.toFile()).start();
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), said);
        assertEquals("", said.trim(), said);
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }
}
