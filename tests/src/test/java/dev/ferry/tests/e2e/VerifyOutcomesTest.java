package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ferry verify} gives every mapped table its own outcome, never aborting the run on one it
 * cannot read: a table whose rows were all dead-lettered (no mapped schema), a target table that is
 * not there, a numeric NaN in the source; the others are still compared.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyOutcomesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PostgresPair pg;
    private Pipeline pipeline;
    private Path config;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("verify-outcomes");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE good (id int PRIMARY KEY, v text)");
            s.execute("INSERT INTO good SELECT g, 'v' || g FROM generate_series(1, 30) g");
            s.execute("CREATE TABLE nans (id int PRIMARY KEY, amount numeric)");
            s.execute("INSERT INTO nans VALUES (1, 1.5), (2, 'NaN'), (3, NULL)");
            s.execute("CREATE TABLE rejected (id int PRIMARY KEY, email text)");
            s.execute("INSERT INTO rejected VALUES (1, NULL), (2, NULL)");
            s.execute("CREATE TABLE dropped (id int PRIMARY KEY, v text)");
            s.execute("INSERT INTO dropped VALUES (1, 'a')");
        }
        config = pg.writeConfig(SharedServices.uniquePrefix("outcomes"),
                List.of("public.good", "public.nans", "public.rejected", "public.dropped"), """
                mappings:
                  - from: legacy.public.rejected
                    to: fresh.rejected
                    validate:
                      - {id: email-present, rule: not-null, column: email}
                """);
        StageConfigs configs = new StageConfigs(ConfigLoader.load(config, Map.of()), pg.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
        Await.until("good and dropped landed", Duration.ofSeconds(180), () -> pg.compare("public", List.of("good", "dropped")),
                PostgresPair::identical);
        Await.until("the rejected rows dead-lettered", Duration.ofSeconds(120),
                () -> Cli.run("dlq", "list", "--config", config.toString(), "--stage", "transform").out(),
                out -> out.contains("2 dead letters"));
        try (Connection target = pg.target(); Statement s = target.createStatement()) {
            s.execute("DROP TABLE dropped");
        }
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
    void everyTableGetsItsOwnOutcomeAndTheRunIsNeverAborted() throws Exception {
        Cli.Result text = Cli.run("verify", "--config", config.toString(), "--settle", "1");
        Cli.Result json = Cli.run("verify", "--config", config.toString(), "--settle", "1", "--json");

        assertEquals(Main.FAILED, text.exit(), text.toString());
        assertEquals(Main.FAILED, json.exit(), json.toString());
        Map<String, JsonNode> tables = new HashMap<>();
        JSON.readTree(json.out()).get("tables").forEach(t -> tables.put(t.get("table").asText(), t));
        assertEquals(java.util.Set.of("fresh.good", "fresh.nans", "fresh.rejected", "fresh.dropped"), tables.keySet(),
                json.toString());
        assertEquals("identical", tables.get("fresh.good").get("outcome").asText(), json.toString());
        assertEquals(30, tables.get("fresh.good").get("sourceRows").asLong());
        assertEquals("cannot verify", tables.get("fresh.rejected").get("outcome").asText(), json.toString());
        assertTrue(tables.get("fresh.rejected").get("cannotVerify").asText()
                .contains("every row of it was dead-lettered"), json.toString());
        assertEquals("cannot verify", tables.get("fresh.dropped").get("outcome").asText(), json.toString());
        assertTrue(tables.get("fresh.dropped").get("cannotVerify").asText().contains("does not exist"), json.toString());
        // A NaN numeric is read (as text) and compared, whatever the pipeline did with it.
        assertTrue(List.of("identical", "different").contains(tables.get("fresh.nans").get("outcome").asText()),
                json.toString());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("fresh.good") && l.contains("IDENTICAL")), text.toString());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("fresh.rejected") && l.contains("CANNOT VERIFY: no schema under")),
                text.toString());
    }

    @Test
    void statusCountsRecordsNotOffsetsAndAgreesWithDlqList() {
        Cli.Result status = Cli.run("status", "--config", config.toString(), "--url", "http://127.0.0.1:1/status");
        Cli.Result list = Cli.run("dlq", "list", "--config", config.toString());

        // The transform writes in transactions: each commit takes an offset that is no record.
        assertTrue(list.out().contains("2 dead letters"), list.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("transform") && l.contains("dead letters 2 ")),
                status.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.contains("table good") && l.contains("mapped topic 30 records written")),
                status.toString());
    }

    @Test
    void exitZeroOnlyWhenEveryVerifiedTableIsIdentical() {
        Cli.Result good = Cli.run("verify", "--config", config.toString(), "--settle", "1", "--table", "good");
        Cli.Result dropped = Cli.run("verify", "--config", config.toString(), "--settle", "1", "--table", "fresh.dropped");

        assertEquals(Main.OK, good.exit(), good.toString());
        assertEquals(Main.FAILED, dropped.exit(), dropped.toString());
        assertTrue(dropped.out().contains("fresh.dropped"), dropped.toString());
    }
}
