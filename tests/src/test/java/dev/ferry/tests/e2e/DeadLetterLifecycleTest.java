package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.Main;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A dead letter is pending until it is re-driven or discarded; {@code dlq list}, {@code status} and
 * {@code cutover} count pending ones only, so settled dead letters no longer block cutover.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterLifecycleTest {

    private PostgresPair pg;
    private Pipeline pipeline;
    private Path config;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("dead-letter-lifecycle");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE contacts (id int PRIMARY KEY, email text)");
            s.execute("INSERT INTO contacts VALUES (1, NULL), (2, NULL), (3, 'c@example.com')");
        }
        config = pg.writeConfig(SharedServices.uniquePrefix("lifecycle"), List.of("public.contacts"), """
                mappings:
                  - from: legacy.public.contacts
                    to: fresh.contacts
                    validate:
                      - {id: email-present, rule: not-null, column: email}
                """);
        pipeline = new Pipeline(new StageConfigs(ConfigLoader.load(config, Map.of()), pg.dir().resolve("state")),
                EnumSet.allOf(Stage.class));
        pipeline.start();
        Await.until("two dead letters", Duration.ofSeconds(180), () -> list(), out -> out.contains("2 dead letters pending"));
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void settledDeadLettersNoLongerBlockCutover() throws Exception {
        Cli.Result blocked = cutover();
        assertEquals(Main.FAILED, blocked.exit(), blocked.toString());
        assertTrue(blocked.out().contains("2 dead letters pending"), blocked.toString());

        // Re-driven as they are, they fail the same rule again: the originals are settled, the new ones pending.
        Cli.Result redrive = Cli.run("dlq", "redrive", "--config", config.toString());
        assertEquals(Main.OK, redrive.exit(), redrive.toString());
        Await.until("the re-driven records dead-lettered again", Duration.ofSeconds(120),
                () -> Cli.run("dlq", "list", "--config", config.toString(), "--all").out(),
                out -> out.contains("4 dead letters (pending, re-driven and discarded)"));
        assertTrue(list().contains("2 dead letters pending"), list());

        Cli.Result discard = Cli.run("dlq", "discard", "--config", config.toString(), "--reason", "contacts without email are not migrated");
        assertEquals(Main.OK, discard.exit(), discard.toString());
        assertTrue(discard.out().contains("discarded 2 dead letters"), discard.toString());
        assertTrue(list().contains("0 dead letters pending"), list());
        Cli.Result status = Cli.run("status", "--config", config.toString(), "--url", "http://127.0.0.1:1/status");
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("transform") && l.contains("dead letters 0 ")), status.toString());

        Cli.Result ready = cutover();
        assertFalse(ready.out().contains("dead letters pending"), ready.toString());
        assertEquals(Main.OK, ready.exit(), ready.toString());
    }

    private String list() {
        return Cli.run("dlq", "list", "--config", config.toString()).out();
    }

    private Cli.Result cutover() {
        return Cli.run("cutover", "--config", config.toString(), "--timeout", "120", "--settle", "1");
    }
}
