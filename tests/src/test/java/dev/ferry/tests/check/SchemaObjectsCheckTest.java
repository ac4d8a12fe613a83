package dev.ferry.tests.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A target table the user made (here: before any run) that lacks some of its source's schema objects:
 * {@code ferry check} and {@code ferry verify} print one warning line per object the target lacks,
 * read from a MariaDB source's information_schema and a PostgreSQL target's catalog, and nothing for
 * what the target has (a unique constraint in the source, a unique index in the target).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaObjectsCheckTest {

    private MariaDbRig rig;
    private Path config;

    @BeforeAll
    void start() throws Exception {
        rig = MariaDbRig.start("schema-objects-check");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(80) NOT NULL COMMENT 'what it is called',"
                    + " sku VARCHAR(20), price DECIMAL(10,2) DEFAULT 0 CHECK (price >= 0),"
                    + " UNIQUE KEY items_sku (sku), KEY items_name (name)) COMMENT 'things we sell'");
        }
        try (Connection pg = rig.target(); Statement s = pg.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(80), sku varchar(20), price numeric(10,2))");
            s.execute("CREATE UNIQUE INDEX items_by_sku ON items (sku)");
        }
        config = rig.writeConfig(SharedServices.uniquePrefix("objcheck"), "objects", List.of("items"), List.of());
    }

    @AfterAll
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void checkReportsEachObjectThePreMadeTargetLacks() {
        Cli.Result check = Cli.run("check", "--config", config.toString());
        assertLacks(check.out(), check.toString());
    }

    @Test
    void verifyReportsEachObjectThePreMadeTargetLacksToo() {
        Cli.Result verify = Cli.run("verify", "--config", config.toString(), "--settle", "1");
        assertLacks(verify.out(), verify.toString());
    }

    private static void assertLacks(String out, String all) {
        assertTrue(out.contains("warn fresh.items: index items_name (name): the target lacks it"), all);
        assertTrue(out.contains("warn fresh.items: NOT NULL on column name: the target lacks it"), all);
        assertTrue(out.contains("warn fresh.items: table comment 'things we sell': the target lacks it"), all);
        assertTrue(out.contains("warn fresh.items: comment on column name 'what it is called': the target lacks it"), all);
        assertTrue(out.contains("warn fresh.items: default 0.00 on column price: the target lacks it"), all);
        assertTrue(out.contains("not carried: its expression is MariaDB/MySQL SQL"), all);
        assertFalse(out.contains("items_sku"), "the target's unique index is the source's unique key: " + all);
    }
}
