package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Chromium;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.ServedPipeline;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A running pipeline serves {@code /metrics}, {@code /status} and the dashboard; they report the
 * rows a test moved, and the dashboard shows its tables in a real (headless) browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsEndpointsTest {

    private static final int ROWS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostgresPair pg;
    private Path config;
    private ServedPipeline served;

    @BeforeAll
    void startPipeline() throws Exception {
        pg = PostgresPair.start("ops-endpoints");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE parcels (id int PRIMARY KEY, label text)");
            s.execute("CREATE TABLE depots (id int PRIMARY KEY, city text)");
            s.execute("INSERT INTO parcels SELECT g, 'parcel ' || g FROM generate_series(1, " + ROWS + ") g");
            s.execute("INSERT INTO depots VALUES (1, 'Lyon'), (2, 'Gent')");
        }
        config = pg.writeConfig(SharedServices.uniquePrefix("ops"), List.of("public.parcels", "public.depots"),
                "http:\n  port: 0\n");
        served = ServedPipeline.start(config, pg.dir().resolve("state"));
        Await.until("every row applied", Duration.ofSeconds(180),
                () -> pg.compare("public", List.of("parcels", "depots")), PostgresPair::identical);
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.executeUpdate("UPDATE parcels SET label = 'moved' WHERE id <= 10");
        }
        Await.until("updates applied", Duration.ofSeconds(60),
                () -> pg.compare("public", List.of("parcels")), PostgresPair::identical);
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void statusReportsPhaseCountsAndLagPerTable() throws Exception {
        JsonNode status = Await.until("status with zero lag", Duration.ofSeconds(30), () -> JSON.readTree(get("/status")),
                s -> s.at("/targets/0/lag").asLong(-1) == 0 && s.at("/transform/lag").asLong(-1) == 0);
        assertTrue(status.get("running").asBoolean());
        JsonNode parcels = table(status.at("/sources/0/tables"), "public.parcels");
        assertEquals("streaming", parcels.get("phase").asText());
        assertEquals(ROWS, parcels.get("snapshotRows").asLong());
        assertEquals(10, parcels.get("changes").asLong());
        JsonNode target = status.at("/targets/0");
        assertEquals("fresh", target.get("name").asText());
        assertTrue(target.get("reachable").asBoolean());
        assertTrue(status.get("registry").get("reachable").asBoolean(), status.toString());
        JsonNode applied = table(target.get("tables"), "parcels");
        assertEquals(ROWS + 10, applied.get("applied").asLong());
        assertEquals(0, applied.get("deadLettered").asLong());
        assertTrue(applied.get("replicationLagMs").asLong() >= 0);
        assertEquals(2, table(target.get("tables"), "depots").get("applied").asLong());
    }

    @Test
    void metricsReportTheRowsMovedInPrometheusFormat() throws Exception {
        String text = get("/metrics");
        assertTrue(text.contains("ferry_applied_rows_total{table=\"parcels\",target=\"fresh\"} " + (ROWS + 10) + ".0"), text);
        assertTrue(text.contains("ferry_captured_records_total{kind=\"snapshot\",source=\"legacy\",table=\"public.parcels\"} "
                + ROWS + ".0"), text);
        assertTrue(text.contains("ferry_captured_records_total{kind=\"change\",source=\"legacy\",table=\"public.parcels\"} 10.0"), text);
        assertTrue(text.contains("ferry_end_to_end_latency_seconds_bucket{table=\"parcels\",target=\"fresh\""), text);
        assertTrue(text.contains("ferry_snapshot_progress_ratio{source=\"legacy\",table=\"public.parcels\"} 1.0"), text);
        assertTrue(text.contains("ferry_consumer_lag_records{"), text);
        assertTrue(text.contains("jvm_memory_used_bytes"), text);
        assertTrue(text.contains("ferry_registry_available 1.0"), text);
    }

    @Test
    void statusCommandReadsTheRunningPipeline() {
        String url = "http://localhost:" + served.port() + "/status";
        Cli.Result r = Cli.run("status", "--config", config.toString(), "--url", url);
        assertEquals(0, r.exit());
        assertTrue(r.out().matches("(?s)pipeline ops\\d+ running, at .*"), r.out());
        assertTrue(r.out().contains("table parcels"), r.out());
        Cli.Result json = Cli.run("status", "--json", "--config", config.toString(), "--url", url);
        assertTrue(json.out().contains("\"applied\" : " + (ROWS + 10)), json.out());
    }

    @Test
    void statusCommandIgnoresAPipelineOfAnotherPrefixAnsweringAtTheUrl() throws Exception {
        Path other = pg.writeConfig(SharedServices.uniquePrefix("other"), List.of("public.parcels"), "");
        Cli.Result r = Cli.run("status", "--config", other.toString(), "--url",
                "http://localhost:" + served.port() + "/status");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("has topic prefix 'ops"), r.err());
        assertTrue(r.out().contains("not running (read from Kafka)"), r.out());
    }

    @Test
    void dashboardShowsTheTablesInHeadlessChromium() throws Exception {
        Chromium chromium = Chromium.find(pg.dir().resolve("chromium"));
        String url = "http://localhost:" + served.port() + "/";
        String dom = chromium.dumpDom(url, 5000);
        assertTrue(dom.contains("<td>public.parcels</td>"), dom);
        assertTrue(dom.contains("<td>public.depots</td>"), dom);
        assertTrue(dom.contains("<td>parcels</td>"), dom);
        assertTrue(dom.contains("streaming"), dom);
        Path png = Path.of("target", "dashboard", "dashboard.png");
        Files.deleteIfExists(png);
        chromium.screenshot(url, png, 5000);
        assertTrue(Files.size(png) > 10_000, "screenshot written: " + png.toAbsolutePath());
    }

    private static JsonNode table(JsonNode tables, String name) {
        return ServedPipeline.table(tables, name);
    }

    private String get(String path) throws Exception {
        return served.get(path);
    }
}
