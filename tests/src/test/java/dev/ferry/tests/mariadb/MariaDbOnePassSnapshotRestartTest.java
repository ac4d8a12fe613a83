package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.ChurningWriter;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.ValueRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same as {@code OnePassSnapshotRestartTest} from a MariaDB source (every MariaDB table is read
 * in one pass): {@code ferry run} killed with SIGKILL during the snapshot and started again, a
 * writer updating, deleting and inserting throughout; the target ends identical to the source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbOnePassSnapshotRestartTest {

    private static final int ROWS = 150_000;
    private static final String SELECT = "SELECT id, name, qty, price, payload FROM churn ORDER BY id";

    private MariaDbRig rig;
    private String prefix;

    @BeforeAll
    void start() throws Exception {
        rig = MariaDbRig.start("mariadb-one-pass-restart");
        try (Connection c = rig.maria(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE churn (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, qty INT,"
                    + " price DECIMAL(12,2), payload TEXT)");
            s.execute("INSERT INTO churn SELECT seq, CONCAT('row ', seq), seq % 1000, seq / 7.0, REPEAT(MD5(seq), 4)"
                    + " FROM seq_1_to_" + ROWS);
        }
        prefix = SharedServices.uniquePrefix("maria-onepass");
    }

    @AfterAll
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void rowsDeletedBetweenTwoReadsOfAnInterruptedSnapshotAreGoneFromTheTarget() throws Exception {
        Path config = rig.writeConfig(prefix, "restart", List.of("churn"), List.of());
        Path state = rig.dir().resolve("state");
        String table = MariaDbRig.DATABASE + ".churn";
        ChurningWriter writer = new ChurningWriter(rig::maria,
                "INSERT INTO churn (id, name, qty, payload) VALUES (?, 'live', 1, 'new')",
                "UPDATE churn SET name = CONCAT('touched ', ?), qty = qty + 1, price = price + 1 WHERE id = ?",
                "DELETE FROM churn WHERE id = ?", ROWS);

        Path firstLog = rig.dir().resolve("first.log");
        JsonNode atKill;
        try (ChildPipeline first = ChildPipeline.start(config, state, firstLog)) {
            int port = ChildPipeline.httpPort(firstLog);
            atKill = Await.until("the snapshot at 40% or more", Duration.ofSeconds(300),
                    () -> ChildPipeline.sourceTable(port, table), t -> t.path("snapshotRows").asLong() >= ROWS * 40L / 100);
            first.kill();
        }
        assertEquals("snapshotting", atKill.path("phase").asText(), "killed during the snapshot: " + atKill);
        long stepsAtKill = writer.steps();

        Path secondLog = rig.dir().resolve("second.log");
        try (ChildPipeline second = ChildPipeline.start(config, state, secondLog)) {
            int port = ChildPipeline.httpPort(secondLog);
            Await.until("the snapshot read again and finished", Duration.ofSeconds(300),
                    () -> ChildPipeline.sourceTable(port, table), t -> "streaming".equals(t.path("phase").asText()));
            Await.until("changes written after the restart", Duration.ofSeconds(60), writer::steps,
                    n -> n > stepsAtKill + 2_000);
            writer.close();
            Await.until("target identical to source", Duration.ofSeconds(180), () -> {
                try (Connection maria = rig.maria(); Connection target = rig.target()) {
                    return ValueRows.differences(ValueRows.read(maria, SELECT), targetRows(target));
                }
            }, List::isEmpty);
        }
        assertTrue(Files.readString(secondLog).contains("snapshot of " + table + " started again"),
                "the second run saw the read start again");
    }

    private static List<List<String>> targetRows(Connection target) {
        try {
            return ValueRows.read(target, SELECT);
        } catch (SQLException e) {
            return List.of(); // the table is not created yet
        }
    }
}
