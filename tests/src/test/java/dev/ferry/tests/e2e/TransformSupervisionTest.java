package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.dlq.DeadLetterFilter;
import dev.ferry.ops.dlq.DeadLetters;
import dev.ferry.ops.http.PipelineServer;
import dev.ferry.ops.metrics.FerryMetrics;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.status.Status;
import dev.ferry.ops.status.StatusCollector;
import dev.ferry.ops.status.StatusText;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The transform under its supervisor, with real PostgreSQL and the real broker, and an unexpected
 * exception injected into its work (the mapping of a record throws): the stream thread is restarted
 * from the committed offsets and maps every record, none dead-lettered nor skipped; or, when the
 * failure persists past {@code transform.restart-attempts}, the transform is FAILED in status,
 * metrics and {@code /health}, and the pipeline is told (so {@code ferry run} exits 1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransformSupervisionTest {

    private static final Duration WITHIN = Duration.ofSeconds(120);

    private PostgresPair pg;

    @BeforeAll
    void start() {
        pg = PostgresPair.start("transform-supervision");
    }

    @AfterAll
    void stop() {
        pg.close();
    }

    @Test
    void anUnexpectedFailureRestartsTheTransformWhichThenMapsEveryRecord() throws Exception {
        StageConfigs configs = configs("restarted", 3);
        AtomicInteger mapped = new AtomicInteger();
        FerryMetrics metrics = new FerryMetrics();
        try (Pipeline pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class), Set.of(), metrics.sink(),
                metrics.transform())) {
            pipeline.withTransformFault(table -> {
                if (mapped.incrementAndGet() == 1) {
                    throw new IllegalStateException("injected: the transform's work broke on " + table);
                }
            });
            pipeline.start();
            Await.until("every row after the restart", WITHIN, () -> pg.compare("public", List.of("restarted")),
                    PostgresPair::identical);
            assertEquals(1, pipeline.transform().restarts());
            assertEquals("RUNNING", pipeline.transform().state());
            assertTrue(pipeline.transform().failure().contains("injected: the transform's work broke on fresh.restarted"),
                    pipeline.transform().failure());
            assertEquals(List.of(), deadLetters(configs), "nothing dead-lettered for a failure of the stage");
            assertEquals(List.of(), new StatusCollector(configs, pipeline, metrics).collect(null).failures());
            String scrape = metrics.scrape();
            assertTrue(scrape.contains("ferry_stage_restarts_total{name=\"transform\",stage=\"transform\"} 1.0"), scrape);
            assertTrue(scrape.contains("ferry_stage_up{name=\"transform\",stage=\"transform\"} 1.0"), scrape);
        } finally {
            metrics.close();
        }
    }

    @Test
    void aFailureThatPersistsPastTheRestartAttemptsIsFailedInStatusMetricsAndHealth() throws Exception {
        StageConfigs configs = configs("never", 1);
        AtomicInteger tries = new AtomicInteger();
        CountDownLatch told = new CountDownLatch(1);
        FerryMetrics metrics = new FerryMetrics();
        try (Pipeline pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class), Set.of(), metrics.sink(),
                metrics.transform());
             PipelineServer server = new PipelineServer(pipeline, metrics, 0)) {
            pipeline.withTransformFault(table -> {
                tries.incrementAndGet();
                throw new IllegalStateException("injected: broken for good");
            });
            pipeline.onStageFailed(told::countDown);
            pipeline.start();

            assertTrue(told.await(WITHIN.toSeconds(), TimeUnit.SECONDS), "the pipeline was told the transform FAILED");
            assertEquals("FAILED", pipeline.transform().state());
            assertEquals(2, tries.get(), "the first run and one restart");
            assertEquals(1, pipeline.transform().restarts());
            Status status = new StatusCollector(configs, pipeline, metrics).collect(null);
            assertEquals(List.of("transform: java.lang.IllegalStateException: injected: broken for good"),
                    status.failures());
            assertTrue(StatusText.lines(status).contains("transform FAILED: java.lang.IllegalStateException: injected: broken for good"),
                    StatusText.lines(status).toString());
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, health.statusCode(), health.body());
            assertTrue(health.body().contains("transform: java.lang.IllegalStateException: injected: broken for good"),
                    health.body());
            String scrape = metrics.scrape();
            assertTrue(scrape.contains("ferry_stage_failed{name=\"transform\",stage=\"transform\"} 1.0"), scrape);
            assertTrue(scrape.contains("ferry_stage_up{name=\"transform\",stage=\"transform\"} 0.0"), scrape);
            assertEquals(List.of(), deadLetters(configs), "nothing dead-lettered for a failure of the stage");
            assertEquals(0, targetRows("never"), "nothing mapped, nothing applied");
        } finally {
            metrics.close();
        }
    }

    /** A source table of 50 rows and a config moving it, with {@code transform.restart-attempts}. */
    private StageConfigs configs(String table, int restartAttempts) throws Exception {
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)");
            s.execute("INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, 50) g");
        }
        Path file = pg.writeConfig(SharedServices.uniquePrefix(table), List.of("public." + table), "");
        Files.writeString(file, Files.readString(file) + "transform:\n  restart-attempts: " + restartAttempts + "\n");
        return new StageConfigs(ConfigLoader.load(file, Map.of()), pg.dir().resolve("state-" + table));
    }

    private long targetRows(String table) throws Exception {
        try (Connection target = pg.target(); Statement s = target.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                return 0;
            }
        }
        try (Connection target = pg.target(); Statement s = target.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> deadLetters(StageConfigs configs) {
        return new DeadLetters(configs).read(DeadLetterFilter.ALL).stream()
                .map(d -> d.id() + " " + d.cause() + ": " + d.error()).toList();
    }
}
