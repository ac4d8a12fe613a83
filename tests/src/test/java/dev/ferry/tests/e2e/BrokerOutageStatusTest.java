package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.http.PipelineServer;
import dev.ferry.ops.local.LocalKafka;
import dev.ferry.ops.metrics.FerryMetrics;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that goes away is visible: {@code /status} says Kafka is unreachable (since when, why, and
 * how old its lag figures are) and {@code ferry_kafka_available} drops to 0. Before, every stage read
 * green with the lag frozen at its last value. Runs on a private broker, which it stops.
 */
class BrokerOutageStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private PostgresPair pg;
    private LocalKafka kafka;
    private Pipeline pipeline;
    private FerryMetrics metrics;
    private PipelineServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void statusAndMetricsShowKafkaUnreachableWhileTheBrokerIsDown() throws Exception {
        pg = PostgresPair.start("broker-outage-status");
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, label text)");
        }
        kafka = LocalKafka.start(pg.dir().resolve("kafka"));
        Path config = pg.writeConfig(SharedServices.uniquePrefix("brokerdown"), List.of("public.items"), "http:\n  port: 0\n");
        Files.writeString(config, Files.readString(config)
                .replace(SharedServices.get().bootstrapServers(), kafka.bootstrapServers()));
        metrics = new FerryMetrics();
        pipeline = new Pipeline(new StageConfigs(ConfigLoader.load(config, Map.of()), pg.dir().resolve("state")),
                EnumSet.of(Stage.SINK), metrics.sink());
        pipeline.start();
        server = new PipelineServer(pipeline, metrics, 0);

        JsonNode up = Await.until("a first status read from Kafka", Duration.ofSeconds(60), this::status,
                s -> !s.path("kafka").path("readAt").isNull() && !s.path("kafka").path("readAt").isMissingNode());
        assertTrue(up.path("kafka").path("reachable").asBoolean());
        assertTrue(metric().contains("ferry_kafka_available 1.0"), metric());

        kafka.close();
        kafka = null;

        JsonNode down = Await.until("status to show Kafka unreachable", Duration.ofSeconds(90), this::status,
                s -> !s.path("kafka").path("reachable").asBoolean(true));
        assertFalse(down.path("kafka").path("unreachableSince").asText("").isEmpty());
        assertFalse(down.path("kafka").path("lastError").asText("").isEmpty());
        assertEquals(up.path("kafka").path("readAt").asText(), down.path("kafka").path("readAt").asText(),
                "lag figures are marked as of the last good read");
        assertTrue(metric().contains("ferry_kafka_available 0.0"), metric());
    }

    private JsonNode status() throws Exception {
        return JSON.readTree(get("/status"));
    }

    private String metric() throws Exception {
        return get("/metrics").lines().filter(l -> l.startsWith("ferry_kafka_available")).findFirst().orElse("(none)");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
