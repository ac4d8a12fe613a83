package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.Main;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.Difference;
import dev.ferry.ops.verify.TableReport;
import dev.ferry.ops.verify.Verifier;
import dev.ferry.ops.verify.VerifyReport;
import dev.ferry.tests.fixtures.AllTypesTable;
import dev.ferry.tests.fixtures.Await;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code ferry verify} against a real pipeline: identical when it is, the exact keys when not. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyTest {

    private static final int ROWS = 3_000;

    private PostgresPair pg;
    private Pipeline pipeline;
    private Path config;
    private StageConfigs configs;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("verify");
        try (Connection source = pg.source()) {
            AllTypesTable.create(source, ROWS);
        }
        config = pg.writeConfig(SharedServices.uniquePrefix("verify"), List.of("public." + AllTypesTable.NAME), "");
        configs = new StageConfigs(ConfigLoader.load(config, Map.of()), pg.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
        Await.until("snapshot landed", Duration.ofSeconds(180), () -> pg.compare("public", List.of(AllTypesTable.NAME)),
                PostgresPair::identical);
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
    @Order(1)
    void reportsIdenticalWhenTargetEqualsSource() {
        VerifyReport report = new Verifier(configs, Duration.ofSeconds(5)).verify(List.of(), t -> { });
        assertTrue(report.identical(), report.toText());
        assertEquals(ROWS, report.tables().get(0).sourceRows());
        assertEquals(Main.OK, Main.run("verify", "--config", config.toString()));
    }

    @Test
    @Order(2)
    void namesEveryKeyThatDiffersAndWhatDiffers() throws Exception {
        try (Connection target = pg.target(); Statement s = target.createStatement()) {
            s.executeUpdate("UPDATE all_types SET t = 'corrupted', n = 0.01 WHERE id = 42");
            s.executeUpdate("DELETE FROM all_types WHERE id = 43");
            s.executeUpdate("INSERT INTO all_types (id, t) VALUES (999999, 'not in the source')");
        }
        VerifyReport report = new Verifier(configs, Duration.ofSeconds(2)).verify(List.of(AllTypesTable.NAME), t -> { });
        TableReport table = report.tables().get(0);
        assertFalse(report.identical());
        assertEquals(1, table.missing());
        assertEquals(1, table.extra());
        assertEquals(1, table.changed());
        assertTrue(table.differences().contains(new Difference(Difference.Kind.CHANGED, "id=42", List.of("t", "n"))),
                table.differences().toString());
        assertTrue(table.differences().contains(new Difference(Difference.Kind.MISSING, "id=43", List.of())));
        assertTrue(table.differences().contains(new Difference(Difference.Kind.EXTRA, "id=999999", List.of())));
        assertEquals(Main.FAILED, Main.run("verify", "--config", config.toString(), "--settle", "1"));
    }
}
