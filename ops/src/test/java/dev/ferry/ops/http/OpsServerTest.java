package dev.ferry.ops.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.status.Status;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final Status status = new Status("2026-11-23T12:00:00Z", "p", true,
            new Status.RegistryStatus("http://registry:8081", true, null, null),
            new Status.KafkaStatus("k:9092", true, null, null, "2026-11-23T12:00:00Z"), List.of(),
            new Status.TransformStatus("RUNNING", 3, 1, "p.dlq.transform"),
            List.of(new Status.TargetStatus("fresh", true, true, null, null, 0, 0, 2, "p.dlq.sink.fresh",
                    List.of(new Status.TargetTable("items", "p.fresh.items", 10, 9, 1, 0, 120, "2026-12-01T10:00:00Z", false)))));
    private final OpsServer server = new OpsServer(0, () -> status, () -> "ferry_applied_rows_total 9.0\n");
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesStatusAsJson() throws Exception {
        HttpResponse<String> r = get("/status");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(r.body().contains("\"table\" : \"items\""), r.body());
        assertTrue(r.body().contains("\"replicationLagMs\" : 120"), r.body());
    }

    @Test
    void servesMetricsInPrometheusTextFormat() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        assertEquals("ferry_applied_rows_total 9.0\n", r.body());
    }

    @Test
    void servesASelfContainedDashboardThatPollsStatusOverviewAndHistory() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        for (String path : new String[] {"status", "overview", "history"}) {
            assertTrue(r.body().contains("load(\"" + path + "\")"), path);
        }
        assertTrue(!r.body().contains("http://") && !r.body().contains("https://"), "no external resources");
    }

    @Test
    void healthIsOkWhileNoStageFailed() throws Exception {
        HttpResponse<String> r = get("/health");
        assertEquals(200, r.statusCode());
        assertEquals("ok\n", r.body());
    }

    @Test
    void healthIsUnavailableWithTheCauseOnceASinkFailed() throws Exception {
        Status failed = new Status("2026-11-23T12:00:00Z", "p", true, null, null, List.of(),
                new Status.TransformStatus("RUNNING", 0, 0, "p.dlq.transform"),
                List.of(new Status.TargetStatus("fresh", false, true, null, null, 0, 0, 0, "p.dlq.sink.fresh", List.of(),
                        "failed", "java.lang.IllegalStateException: boom")));
        try (OpsServer other = new OpsServer(0, () -> failed, () -> "")) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + other.port()
                    + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, r.statusCode());
            assertEquals("FAILED\nsink fresh: java.lang.IllegalStateException: boom\n", r.body());
        }
    }

    @Test
    void answersNotFoundForAnyOtherPath() throws Exception {
        assertEquals(404, get("/nothing").statusCode());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
