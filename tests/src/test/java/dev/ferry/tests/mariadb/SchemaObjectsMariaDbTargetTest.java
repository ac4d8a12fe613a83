package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.cutover.Cutover;
import dev.ferry.ops.cutover.CutoverReport;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TargetDb;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL into a MariaDB target Ferry created: at cutover the target table gets what MariaDB has
 * an equivalent for (unique constraints, indexes over columns, foreign keys, the table comment,
 * AUTO_INCREMENT), judged by MariaDB's information_schema; what it has not (a PostgreSQL check
 * expression, an expression index) is listed as not carried.
 */
class SchemaObjectsMariaDbTargetTest {

    private PostgresPair pg;
    private TargetDb maria;
    private Pipeline pipeline;

    @AfterEach
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        if (maria != null) {
            maria.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aMariaDbTargetGetsTheSourcesKeysIndexesForeignKeysAndComment() throws Exception {
        pg = PostgresPair.start("schema-objects-maria");
        maria = TargetDb.mariadb("schema-objects-maria-target");
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id bigserial PRIMARY KEY, email varchar(100) NOT NULL"
                    + " CONSTRAINT customers_email_key UNIQUE, name varchar(80), status text CHECK (status <> ''))");
            s.execute("CREATE INDEX customers_name ON customers (name)");
            s.execute("CREATE INDEX customers_lower_name ON customers (lower(name))");
            s.execute("COMMENT ON TABLE customers IS 'people who buy'");
            s.execute("CREATE TABLE orders (id bigserial PRIMARY KEY,"
                    + " customer_id bigint NOT NULL CONSTRAINT orders_customer_fk REFERENCES customers (id) ON DELETE CASCADE)");
            s.execute("INSERT INTO customers (email, name) VALUES ('a@example.com', 'Ann'), ('b@example.com', 'Bo')");
            s.execute("INSERT INTO orders (customer_id) VALUES (1), (2), (2)");
        }
        StageConfigs configs = new StageConfigs(ConfigLoader.load(pg.writeConfig(SharedServices.uniquePrefix("objmaria"),
                List.of("public.customers", "public.orders"), maria, ""), Map.of()), pg.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
        CutoverReport report = new Cutover(configs, new Cutover.Options(false, Duration.ofSeconds(180), false,
                Duration.ofSeconds(3)), new PrintStream(PrintStream.nullOutputStream())).run();

        assertEquals("READY", report.state(), report.summary());
        assertTrue(report.schemaObjects().stream().anyMatch(l -> l.contains("customers_lower_name")
                && l.contains("not carried: its expression is PostgreSQL SQL")), report.schemaObjects().toString());
        try (Connection t = maria.connect(); Statement s = t.createStatement()) {
            assertEquals(List.of("customers_email_key UNIQUE email", "customers_name INDEX name"), rows(s,
                    "SELECT CONCAT(INDEX_NAME, ' ', IF(NON_UNIQUE = 0, 'UNIQUE', 'INDEX'), ' ', COLUMN_NAME)"
                            + " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'customers'"
                            + " AND INDEX_NAME <> 'PRIMARY' ORDER BY INDEX_NAME, SEQ_IN_INDEX"));
            assertEquals(List.of("orders_customer_fk customer_id customers id CASCADE"), rows(s,
                    "SELECT CONCAT(k.CONSTRAINT_NAME, ' ', k.COLUMN_NAME, ' ', k.REFERENCED_TABLE_NAME, ' ',"
                            + " k.REFERENCED_COLUMN_NAME, ' ', r.DELETE_RULE) FROM information_schema.KEY_COLUMN_USAGE k"
                            + " JOIN information_schema.REFERENTIAL_CONSTRAINTS r ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA"
                            + " AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = 'orders'"));
            assertEquals(List.of("people who buy"), rows(s, "SELECT TABLE_COMMENT FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'customers'"));
            s.execute("INSERT INTO customers (email) VALUES ('c@example.com')");
            assertEquals(List.of("3"), rows(s, "SELECT id FROM customers WHERE email = 'c@example.com'"),
                    "the next id the source would hand out");
            assertEquals(1452, assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO orders (customer_id) VALUES (999)")).getErrorCode(), "foreign key");
            assertEquals(1062, assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO customers (email) VALUES ('a@example.com')")).getErrorCode(), "unique");
        }
    }

    private static List<String> rows(Statement s, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
