package dev.ferry.tests.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.capture.CaptureStage;
import dev.ferry.ops.Main;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.local.LocalKafka;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code ferry check} against real servers: a ready pipeline passes; missing and keyless tables,
 * missing rights, wrong server settings and parts that do not answer are each named. And capture
 * itself refuses a keyless table without touching the source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreflightTest {

    private MariaDbRig rig;

    @BeforeAll
    void start() throws Exception {
        rig = MariaDbRig.start("preflight");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(80))");
            s.execute("CREATE TABLE loose_m (id INT, name VARCHAR(80))");
            s.execute("CREATE USER 'plain'@'%' IDENTIFIED BY 'plain'");
            s.execute("GRANT SELECT ON " + MariaDbRig.DATABASE + ".* TO 'plain'@'%'");
        }
        try (Connection pg = rig.pgSource(); Statement s = pg.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer text)");
            s.execute("CREATE TABLE loose_p (id int, note text)");
            s.execute("CREATE TABLE silent_p (id int PRIMARY KEY, note text)");
            s.execute("ALTER TABLE silent_p REPLICA IDENTITY NOTHING");
            s.execute("INSERT INTO loose_p VALUES (1, 'before')");
            s.execute("CREATE ROLE plain LOGIN PASSWORD 'plain'");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO plain");
        }
        try (Connection target = rig.target(); Statement s = target.createStatement()) {
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        }
    }

    @AfterAll
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aPipelineThatIsReadyPassesEveryCheck() throws Exception {
        Path config = rig.writeConfig(SharedServices.uniquePrefix("check"), "ready", List.of("items"), List.of("orders"));

        Cli.Result result = Cli.run("check", "--config", config.toString());

        assertEquals(Main.OK, result.exit(), result.toString());
        for (String part : List.of("kafka", "registry", "source maria", "source legacy", "target fresh")) {
            assertTrue(result.out().lines().anyMatch(l -> l.startsWith(part) && l.endsWith(": ok")), part + "\n" + result);
        }
        assertFalse(result.out().contains("FAIL"), result.toString());
    }

    @Test
    void missingAndKeylessTablesAreNamed() throws Exception {
        Path config = rig.writeConfig(SharedServices.uniquePrefix("check"), "tables",
                List.of("items", "loose_m", "ghost"), List.of("orders", "loose_p", "silent_p"));

        Cli.Result result = Cli.run("check", "--config", config.toString());

        assertEquals(Main.FAILED, result.exit(), result.toString());
        assertFails(result, "source maria", "table shop.loose_m has no primary key");
        assertFails(result, "source maria", "table shop.ghost does not exist");
        assertFails(result, "source legacy", "table public.loose_p has no primary key");
        assertFails(result, "source legacy", "table public.silent_p has REPLICA IDENTITY NOTHING");
        assertTrue(result.out().contains("not ready: 4 problems"), result.toString());
    }

    @Test
    void serverSettingsAndRightsAreChecked() throws Exception {
        Path config = writeYaml("rights", SharedServices.get().bootstrapServers(), SharedServices.get().registryUrl(),
                "plain", rig.mariadb().jdbcUrl(MariaDbRig.DATABASE), rig.mariadb().user());
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("SET GLOBAL binlog_row_image = 'MINIMAL'");
        }
        Cli.Result result;
        try {
            result = Cli.run("check", "--config", config.toString());
        } finally {
            try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
                s.execute("SET GLOBAL binlog_row_image = 'FULL'");
            }
        }

        assertEquals(Main.FAILED, result.exit(), result.toString());
        assertFails(result, "source maria", "binlog_row_image is MINIMAL: capture needs binlog_row_image=FULL");
        assertFails(result, "source legacy", "user plain may not replicate: ALTER ROLE plain REPLICATION");
        assertFails(result, "target fresh", "user plain may not create tables in schema public");
    }

    @Test
    void aMariaDbUserWhoMayNotReadTheBinlogIsNamed() throws Exception {
        Path config = writeYaml("binlog-rights", SharedServices.get().bootstrapServers(),
                SharedServices.get().registryUrl(), rig.postgres().user(), rig.mariadb().jdbcUrl(MariaDbRig.DATABASE), "plain");

        Cli.Result result = Cli.run("check", "--config", config.toString());

        assertEquals(Main.FAILED, result.exit(), result.toString());
        assertFails(result, "source maria", "user plain@% lacks REPLICATION SLAVE, BINLOG MONITOR: GRANT REPLICATION SLAVE,"
                + " BINLOG MONITOR ON *.*");
        assertTrue(result.out().lines().anyMatch(l -> l.startsWith("source legacy") && l.endsWith(": ok")), result.toString());
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountIsNamed() throws Exception {
        Path config = rig.writeConfig(SharedServices.uniquePrefix("check"), "factor", List.of("items"), List.of("orders"));
        Files.writeString(config, Files.readString(config).replace("  partitions: 2\n",
                "  partitions: 2\n  replication-factor: 3\n"));

        Cli.Result result = Cli.run("check", "--config", config.toString());

        assertEquals(Main.FAILED, result.exit(), result.toString());
        assertFails(result, "kafka", "kafka.replication-factor is 3 but the cluster has 1 broker");
    }

    @Test
    void aClusterThatCannotHoldTheTransactionLogIsNamed() throws Exception {
        try (LocalKafka production = LocalKafka.start(rig.dir().resolve("kafka-3"),
                Map.of("transaction.state.log.replication.factor", "3", "transaction.state.log.min.isr", "2"))) {
            Path config = rig.writeConfig(SharedServices.uniquePrefix("check"), "transactions", List.of("items"),
                    List.of("orders"));
            Files.writeString(config, Files.readString(config).replace(SharedServices.get().bootstrapServers(),
                    production.bootstrapServers()));

            Cli.Result result = Cli.run("check", "--config", config.toString());

            assertEquals(Main.FAILED, result.exit(), result.toString());
            assertFails(result, "kafka", "transaction.state.log.replication.factor is 3 but the cluster has 1 broker");
        }
    }

    @Test
    void partsThatDoNotAnswerAreEachReported() throws Exception {
        Path config = writeYaml("silent", "127.0.0.1:1", "http://127.0.0.1:1", rig.postgres().user(),
                "jdbc:mariadb://127.0.0.1:1/shop", "nobody");

        Cli.Result result = Cli.run("check", "--config", config.toString());

        assertEquals(Main.FAILED, result.exit(), result.toString());
        assertFails(result, "kafka", "");
        assertFails(result, "registry", "unreachable");
        assertFails(result, "source maria", "cannot connect as nobody");
        assertTrue(result.out().lines().anyMatch(l -> l.startsWith("source legacy") && l.endsWith(": ok")), result.toString());
    }

    @Test
    void captureRefusesAKeylessTableAndLeavesTheSourceWritable() throws Exception {
        Path file = rig.writeConfig(SharedServices.uniquePrefix("check"), "refused", List.of("items"),
                List.of("orders", "loose_p"));
        StageConfigs configs = new StageConfigs(ConfigLoader.load(file, Map.of()), rig.dir().resolve("state"));
        try (Pipeline pipeline = new Pipeline(configs, EnumSet.of(Stage.CAPTURE), Set.of("legacy"))) {
            pipeline.start();
            CaptureStage legacy = pipeline.captures().get(0);

            String error = Await.until("capture refuses the keyless table", Duration.ofSeconds(60),
                    () -> Objects.toString(legacy.progress().lastError(), ""), e -> !e.isEmpty());

            assertTrue(error.contains("table public.loose_p has no primary key"), error);
            try (Connection pg = rig.pgSource(); Statement s = pg.createStatement()) {
                assertEquals(1, s.executeUpdate("UPDATE loose_p SET note = 'after' WHERE id = 1"));
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_publication_tables WHERE tablename = 'loose_p'")) {
                    rs.next();
                    assertEquals(0, rs.getInt(1), "the keyless table was published");
                }
            }
        }
    }

    private static void assertFails(Cli.Result result, String part, String problem) {
        assertTrue(result.out().lines().anyMatch(l -> l.startsWith(part) && l.contains(": FAIL ") && l.contains(problem)),
                part + " should fail with '" + problem + "'\n" + result);
    }

    /**
     * Source {@code legacy} and target {@code fresh} as {@code pgUser}; source {@code maria} at
     * {@code mariaUrl} as {@code mariaUser}; the user {@code plain} has the password {@code plain}.
     */
    private Path writeYaml(String name, String kafka, String registry, String pgUser, String mariaUrl, String mariaUser)
            throws Exception {
        String pgPassword = pgUser.equals("plain") ? "plain" : rig.postgres().password();
        String mariaPassword = mariaUser.equals("plain") ? "plain" : rig.mariadb().password();
        String yaml = """
                kafka:
                  bootstrap-servers: %s
                  schema-registry: %s
                  topic-prefix: %s
                sources:
                  - {name: maria, type: mariadb, url: "%s", user: %s, password: "%s", tables: [shop.items]}
                  - {name: legacy, type: postgres, url: "%s", user: %s, password: "%s", tables: [public.orders]}
                targets:
                  - {name: fresh, type: postgres, url: "%s", user: %s, password: "%s"}
                """.formatted(kafka, registry, SharedServices.uniquePrefix("check"),
                mariaUrl, mariaUser, mariaPassword,
                rig.postgres().jdbcUrl("source"), pgUser, pgPassword,
                rig.postgres().jdbcUrl("target"), pgUser, pgPassword);
        Path file = rig.dir().resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
