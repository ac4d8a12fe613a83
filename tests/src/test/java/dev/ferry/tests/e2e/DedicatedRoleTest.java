package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.sink.SinkMetrics;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ferry runs as the dedicated role the SQL scripts of {@code docker/} create (not a superuser):
 * {@code docker/source-db/20-ferry-role.sql} on the source, {@code docker/target-db/20-ferry-role.sql}
 * on the target, the sample of {@code docker/source-db/10-sample.sql}. {@code ferry check} passes as
 * that role, the snapshot and the changes after it arrive, and the role is no superuser.
 */
class DedicatedRoleTest {

    private static final Path DOCKER = Path.of("..", "docker");
    private static final String PASSWORD = "ferry-role-secret";

    private PostgresPair pg;

    @AfterEach
    void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void ferryMovesTheSampleAsTheDedicatedRoleOfTheDockerScripts() throws Exception {
        pg = PostgresPair.start("dedicated-role");
        String prefix = SharedServices.uniquePrefix("role");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute(Files.readString(DOCKER.resolve("source-db/10-sample.sql")));
            // The publication and signalling table are named after the topic prefix and the source.
            s.execute(Files.readString(DOCKER.resolve("source-db/20-ferry-role.sql")).replace("ferry_legacy", prefix + "_legacy"));
            s.execute("ALTER ROLE ferry PASSWORD '" + PASSWORD + "'");
        }
        try (Connection target = pg.target(); Statement s = target.createStatement()) {
            // Both databases share one server here, so the role exists already: only the grants apply.
            s.execute(Files.readString(DOCKER.resolve("target-db/20-ferry-role.sql")).replace("CREATE ROLE ferry LOGIN;", ""));
        }
        Path config = writeConfig(prefix);

        Cli.Result check = Cli.run("check", "--config", config.toString());
        assertEquals(0, check.exit(), check.toString());

        var loaded = ConfigLoader.load(config, Map.of());
        try (Pipeline pipeline = new Pipeline(new StageConfigs(loaded, pg.dir().resolve("state")),
                EnumSet.allOf(Stage.class), SinkMetrics.NONE)) {
            pipeline.start();
            Await.until("the sample moved by role ferry", Duration.ofSeconds(180),
                    () -> pg.compare("public", List.of("customers", "orders")), PostgresPair::identical);
            try (Connection source = pg.source(); Statement s = source.createStatement()) {
                s.executeUpdate("UPDATE orders SET status = 'paid' WHERE id <= 50");
                s.executeUpdate("DELETE FROM orders WHERE id > 2990");
            }
            Await.until("changes moved by role ferry", Duration.ofSeconds(120),
                    () -> pg.compare("public", List.of("customers", "orders")), PostgresPair::identical);
        }
        try (Connection c = DriverManager.getConnection(pg.postgres().jdbcUrl("source"), "ferry", PASSWORD);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            r.next();
            assertFalse(r.getBoolean(1), "ferry is no superuser");
        }
    }

    /** The config of the tests, with the role ferry for the superuser on both sides. */
    private Path writeConfig(String prefix) throws Exception {
        Path file = pg.writeConfig(prefix, List.of("public.customers", "public.orders"), "");
        String superuser = pg.postgres().user();
        Files.writeString(file, Files.readString(file)
                .replace("user: " + superuser + "\n", "user: ferry\n")
                .replace("password: " + pg.postgres().password() + "\n", "password: " + PASSWORD + "\n"));
        assertFalse(Files.readString(file).contains("user: " + superuser + "\n"), "the config names role ferry");
        return file;
    }
}
