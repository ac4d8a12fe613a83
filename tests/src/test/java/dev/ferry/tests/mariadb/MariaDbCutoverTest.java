package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.cutover.Cutover;
import dev.ferry.ops.cutover.CutoverReport;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.BusyApplication;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.ValueRows;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
 * Cutover from a MariaDB source: the source made read-only while an application keeps writing,
 * capture passes the binlog position read after the freeze, and at READY the target equals the source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbCutoverTest {

    private static final int ROWS = 500;
    private static final String ROWS_SQL = "SELECT id, name, amount FROM items ORDER BY id";

    private MariaDbRig rig;
    private StageConfigs configs;
    private Pipeline pipeline;

    @BeforeAll
    void start() throws Exception {
        rig = MariaDbRig.start("mariadb-cutover");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, amount DECIMAL(12,2))");
            s.execute("INSERT INTO items SELECT seq, CONCAT('item ', seq), seq / 4 FROM seq_1_to_" + ROWS);
            // The application's own user: no SUPER, so read_only applies to it.
            s.execute("CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY 'app-secret'");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + MariaDbRig.DATABASE + ".* TO 'app'@'%'");
        }
        Path config = rig.writeConfig(SharedServices.uniquePrefix("mariacut"), "cutover", List.of("items"), List.of());
        configs = new StageConfigs(ConfigLoader.load(config, Map.of()), rig.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
        awaitIdentical();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void freezeSourceReachesReadyWithTheBinlogPositionAndTargetEqualsSource() throws Exception {
        String url = rig.mariadb().jdbcUrl(MariaDbRig.DATABASE);
        CutoverReport report;
        List<String> differences;
        try (BusyApplication app = BusyApplication.start(() -> DriverManager.getConnection(url, "app", "app-secret"),
                "INSERT INTO items VALUES (?, 'app', 1.25)", "UPDATE items SET amount = amount + 1 WHERE id = ?",
                ROWS, 100)) {
            report = new Cutover(configs, new Cutover.Options(true, Duration.ofSeconds(120), false,
                    Duration.ofSeconds(3)), new PrintStream(PrintStream.nullOutputStream())).run();
            try (Connection maria = rig.maria(); Connection target = rig.target()) {
                differences = ValueRows.differences(ValueRows.read(maria, ROWS_SQL), ValueRows.read(target, ROWS_SQL));
            }
        }
        new Cutover(configs, new Cutover.Options(false, Duration.ofSeconds(10), false, Duration.ZERO),
                new PrintStream(PrintStream.nullOutputStream())).unfreeze();

        assertEquals("READY", report.state(), report.summary());
        assertTrue(differences.isEmpty(), "at READY the target equals the source: " + differences);
        assertTrue(report.positions().get("maria") > 0);
        assertTrue(report.tables().get(0).sourceRows() > ROWS);
    }

    private void awaitIdentical() throws Exception {
        Await.until("items identical in the target", Duration.ofSeconds(180), () -> {
            try (Connection maria = rig.maria(); Connection target = rig.target()) {
                return ValueRows.differences(ValueRows.read(maria, ROWS_SQL), ValueRows.read(target, ROWS_SQL));
            } catch (Exception notYet) {
                return List.of(notYet.getMessage());
            }
        }, List::isEmpty);
    }
}
