package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.dlq.DeadLetterFilter;
import dev.ferry.ops.dlq.DeadLetters;
import dev.ferry.ops.dlq.Redriver;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.MappedTopics;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
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
 * A re-drive never lets an older change overwrite a newer one, with the sink's default
 * {@code conflict: last-writer}: a row the target refused (1500.00 against a check constraint) is a
 * dead letter; the constraint is fixed and the row changes at the source (10.00), which lands; the
 * old dead letter, re-driven, is not sent (reported, and recorded as discarded) and the target keeps
 * 10.00.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedriveNeverOverwritesNewerTest {

    private PostgresPair pg;
    private Path config;
    private StageConfigs configs;
    private Pipeline pipeline;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("redrive-newer");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE accounts (id int PRIMARY KEY, amount numeric(12,2))");
            s.execute("INSERT INTO accounts VALUES (1, 1500.00), (2, 5.00)");
        }
        try (Connection target = pg.target(); Statement s = target.createStatement()) {
            s.execute("CREATE TABLE accounts (id int PRIMARY KEY, amount numeric(12,2) CONSTRAINT small CHECK (amount < 1000))");
        }
        config = pg.writeConfig(SharedServices.uniquePrefix("newer"), List.of("public.accounts"), "");
        configs = new StageConfigs(ConfigLoader.load(config, Map.of()), pg.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
        Await.until("the refused row dead-lettered", Duration.ofSeconds(180),
                () -> new DeadLetters(configs).read(DeadLetterFilter.ALL).size(), n -> n == 1);
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
    void reDrivenOldChangeDoesNotOverwriteTheNewerValue() throws Exception {
        try (Connection target = pg.target(); Statement s = target.createStatement()) {
            s.execute("ALTER TABLE accounts DROP CONSTRAINT small");
        }
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("UPDATE accounts SET amount = 10.00 WHERE id = 1");
        }
        Await.until("the newer value in the target", Duration.ofSeconds(60), this::targetAmount,
                a -> a != null && a.compareTo(new BigDecimal("10.00")) == 0);

        Cli.Result redrive = Cli.run("dlq", "redrive", "--config", config.toString(), "--stage", "sink");

        assertEquals(0, redrive.exit(), redrive.toString());
        assertTrue(redrive.out().contains("redrive: 0 sent back"), redrive.out());
        assertTrue(redrive.out().contains("1 not sent because a newer change of their row came after them"), redrive.out());
        assertTrue(redrive.out().contains("a newer change of the same row is at "), redrive.out());
        String mapped = new dev.ferry.schemas.TopicNames(configs.sinks().get(0).kafka().topics().prefix()).mapped("fresh", "accounts");
        assertTrue(MappedTopics.readAll(mapped).stream().noneMatch(r -> MappedTopics.header(r, Redriver.REDRIVEN_FROM) != null),
                "nothing was re-driven into " + mapped);
        assertEquals(0, new BigDecimal("10.00").compareTo(targetAmount()));
        // Superseded is settled: it no longer counts as pending.
        Cli.Result list = Cli.run("dlq", "list", "--config", config.toString());
        assertTrue(list.out().lines().anyMatch(l -> l.equals("0 dead letters pending")), list.toString());
    }

    private BigDecimal targetAmount() throws Exception {
        try (Connection target = pg.target(); Statement s = target.createStatement();
             ResultSet rs = s.executeQuery("SELECT amount FROM accounts WHERE id = 1")) {
            return rs.next() ? rs.getBigDecimal(1) : null;
        }
    }
}
