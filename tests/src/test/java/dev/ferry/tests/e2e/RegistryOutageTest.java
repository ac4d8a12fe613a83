package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.dlq.DeadLetterFilter;
import dev.ferry.ops.dlq.DeadLetters;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.status.Status;
import dev.ferry.ops.status.StatusCollector;
import dev.ferry.ops.status.StatusText;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.RegistryProxy;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schema registry goes away while the pipeline starts and changes stream: nothing is
 * dead-lettered, nothing is lost; when the registry answers again every change lands.
 */
class RegistryOutageTest {

    private static final Duration WITHIN = Duration.ofSeconds(120);

    @Test
    void aRegistryOutageDelaysChangesAndLosesNone() throws Exception {
        try (PostgresPair pg = PostgresPair.start("registry-outage");
             RegistryProxy registry = new RegistryProxy(SharedServices.get().registryUrl())) {
            try (Connection source = pg.source(); Statement s = source.createStatement()) {
                s.execute("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2))");
                s.execute("INSERT INTO items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 200) g");
            }
            Path file = pg.writeConfig(SharedServices.uniquePrefix("outage"), List.of("public.items"), "");
            Files.writeString(file, Files.readString(file).replace(SharedServices.get().registryUrl(), registry.url()));
            StageConfigs configs = new StageConfigs(ConfigLoader.load(file, Map.of()), pg.dir().resolve("state"));

            try (Pipeline first = new Pipeline(configs, EnumSet.allOf(Stage.class))) {
                first.start();
                awaitIdentical(pg, "the snapshot lands");
            }

            // Changes are captured while the registry is up ...
            try (Pipeline capture = new Pipeline(configs, EnumSet.of(Stage.CAPTURE))) {
                capture.start();
                try (Connection source = pg.source(); Statement s = source.createStatement()) {
                    s.execute("INSERT INTO items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(201, 300) g");
                    s.execute("UPDATE items SET price = price + 1 WHERE id <= 20");
                    s.execute("DELETE FROM items WHERE id BETWEEN 21 AND 30");
                }
                Await.until("the changes are in the raw topic", WITHIN,
                        () -> capture.captures().get(0).progress().tables().get(0).changes(), n -> n >= 130);
            }
            // ... then transform and sink start anew (empty schema caches) while the registry answers 503.
            registry.down();
            try (Pipeline second = new Pipeline(configs, EnumSet.of(Stage.TRANSFORM, Stage.SINK))) {
                second.start();
                int before = registry.refused();
                // Several rounds of refusals: the stages keep waiting (with backoff) rather than giving up.
                Await.until("the stages ask the registry again and again and are refused", WITHIN, registry::refused,
                        n -> n >= before + 8);
                assertEquals(List.of(), deadLetters(configs), "dead letters during the outage");
                Status waiting = new StatusCollector(configs, second, null).collect(null);
                assertFalse(waiting.registry().reachable(), waiting.toString());
                assertTrue(waiting.registry().lastError().contains("HTTP 503"), waiting.registry().lastError());
                assertTrue(StatusText.lines(waiting).get(1).startsWith("schema registry UNAVAILABLE since "),
                        StatusText.lines(waiting).toString());

                registry.up();
                awaitIdentical(pg, "every change lands once the registry answers");
                assertEquals(List.of(), deadLetters(configs), "dead letters after the outage");
                assertTrue(new StatusCollector(configs, second, null).collect(null).registry().reachable());
            }
            try (Connection target = pg.target(); Statement s = target.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM items")) {
                rs.next();
                assertEquals(290, rs.getInt(1));
            }
        }
    }

    private static void awaitIdentical(PostgresPair pg, String what) throws Exception {
        Await.until(what, WITHIN, () -> pg.compare("public", List.of("items")), PostgresPair::identical);
    }

    private static List<String> deadLetters(StageConfigs configs) {
        return new DeadLetters(configs).read(DeadLetterFilter.ALL).stream()
                .map(d -> d.id() + " " + d.cause() + ": " + d.error()).toList();
    }
}
