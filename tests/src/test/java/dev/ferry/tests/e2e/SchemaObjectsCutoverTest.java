package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * PostgreSQL to PostgreSQL, a target table Ferry creates gets the source's schema objects at
 * cutover: NOT NULL, defaults, identity, check and unique constraints, indexes, foreign keys and
 * comments, judged by comparing both databases' catalogs (pg_get_constraintdef, pg_get_indexdef,
 * pg_get_expr, the comments) — except what the mapping does not carry (an index on a dropped column),
 * which the report says. A foreign key that does not validate over the target's rows keeps cutover
 * NOT READY and is not left behind.
 */
class SchemaObjectsCutoverTest {

    private PostgresPair pg;
    private Pipeline pipeline;

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aTargetTableFerryCreatedHasTheSourcesSchemaObjectsAfterCutover() throws Exception {
        CutoverReport report = migrate("schema-objects", "");

        assertEquals("READY", report.state(), report.summary());
        assertTrue(report.schemaObjects().stream().anyMatch(l -> l.contains("index customers_secret (secret): not carried:"
                + " column secret is not copied")), report.schemaObjects().toString());
        assertTrue(report.schemaObjects().stream().anyMatch(l -> l.startsWith("fresh.orders: foreign key orders_customer_id_fkey"
                + " (customer_id) references customers (id): created")), report.schemaObjects().toString());
        for (String table : List.of("customers", "orders")) {
            List<String> source = catalog(pg::source, table);
            List<String> target = catalog(pg::target, table);
            source.removeIf(l -> l.contains("secret"));
            assertEquals(source, target, "catalog of " + table);
        }
        try (Connection t = pg.target(); Statement s = t.createStatement()) {
            ResultSet rs = s.executeQuery("INSERT INTO customers (email) VALUES ('new@example.com') RETURNING id, name, status");
            rs.next();
            assertEquals(5, rs.getLong(1), "the id the source would hand out next");
            assertEquals("anonymous", rs.getString(2), "the source's default");
            assertEquals("new", rs.getString(3));
            rs = s.executeQuery("INSERT INTO orders (customer_id, amount) VALUES (5, 5) RETURNING id");
            rs.next();
            assertEquals(1040, rs.getLong(1), "the source's identity handed out 1000 to 1030");
            assertEquals("23503", assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO orders (customer_id, amount) VALUES (999, 5)")).getSQLState(), "foreign key");
            assertEquals("23505", assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO customers (email) VALUES ('a@example.com')")).getSQLState(), "unique");
            assertEquals("23514", assertThrows(SQLException.class, () -> s.execute(
                    "INSERT INTO customers (email, status) VALUES ('b2@example.com', 'bogus')")).getSQLState(), "check");
        }
    }

    @Test
    void aForeignKeyThatDoesNotValidateKeepsCutoverNotReadyAndIsDroppedAgain() throws Exception {
        // the parent row 2 is filtered out, its child is not: the target's rows are as mapped, but break the key
        CutoverReport report = migrate("schema-objects-fk", "    filter: \"id <> 2\"\n");

        assertEquals("NOT_READY", report.state(), report.summary());
        assertTrue(report.missing().stream().anyMatch(m -> m.contains("foreign key orders_customer_id_fkey")
                && m.contains("validation failed")), report.missing().toString());
        try (Connection t = pg.target(); Statement s = t.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'f'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "no unvalidated foreign key left to refuse the sink's rows");
        }
        assertFalse(report.missing().stream().anyMatch(m -> m.contains("index")), report.missing().toString());
    }

    /** Creates the source, runs the pipeline and a cutover (which waits until everything is applied). */
    private CutoverReport migrate(String name, String customersFilter) throws Exception {
        pg = PostgresPair.start(name);
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL CONSTRAINT customers_email_key UNIQUE,"
                    + " name text DEFAULT 'anonymous', status text NOT NULL DEFAULT 'new'"
                    + " CONSTRAINT customers_status_check CHECK (status IN ('new', 'active')),"
                    + " since date DEFAULT current_date, secret text)");
            s.execute("CREATE INDEX customers_lower_email ON customers (lower(email))");
            s.execute("CREATE INDEX customers_name ON customers (name DESC) WHERE name IS NOT NULL");
            s.execute("CREATE INDEX customers_status ON customers USING hash (status)");
            s.execute("CREATE INDEX customers_secret ON customers (secret)");
            s.execute("COMMENT ON TABLE customers IS 'people who buy'");
            s.execute("COMMENT ON COLUMN customers.email IS 'where we write to them, it''s unique'");
            s.execute("CREATE TABLE orders (id int GENERATED ALWAYS AS IDENTITY (START WITH 1000 INCREMENT BY 10) PRIMARY KEY,"
                    + " customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
                    + " amount numeric(10,2) CONSTRAINT orders_amount_check CHECK (amount > 0),"
                    + " placed timestamptz NOT NULL DEFAULT now())");
            s.execute("CREATE UNIQUE INDEX orders_customer_placed ON orders (customer_id, placed)");
            s.execute("INSERT INTO customers (email, name, status) VALUES ('a@example.com', 'Ann', 'active'),"
                    + " ('b@example.com', NULL, 'new'), ('c@example.com', 'Cy', 'new')");
            s.execute("INSERT INTO orders (customer_id, amount) VALUES (1, 10), (2, 20)");
        }
        String yaml = """
                mappings:
                  - from: legacy.public.customers
                    to: fresh.customers
                    columns:
                      secret: {drop: true}
                %s""".formatted(customersFilter);
        StageConfigs configs = new StageConfigs(ConfigLoader.load(pg.writeConfig(SharedServices.uniquePrefix("objects"),
                List.of("public.customers", "public.orders"), yaml), Map.of()), pg.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            // while streaming: parents and children in two tables, which the sink applies in its own order
            s.execute("INSERT INTO customers (email, name) VALUES ('d@example.com', 'Di')");
            s.execute("INSERT INTO orders (customer_id, amount) VALUES (3, 30), (4, 40)");
            s.execute("DELETE FROM customers WHERE email = 'd@example.com'");
        }
        return new Cutover(configs, new Cutover.Options(false, Duration.ofSeconds(180), false, Duration.ofSeconds(3)),
                new PrintStream(PrintStream.nullOutputStream())).run();
    }

    /** The table's catalog as lines comparable across databases (its own name and schema left out). */
    private static List<String> catalog(Connector connector, String table) throws SQLException {
        List<String> lines = new ArrayList<>();
        String rel = "'public." + table + "'::regclass";
        try (Connection c = connector.connect(); Statement s = c.createStatement()) {
            query(s, lines, "SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE conrelid = " + rel + " AND contype <> 'p' ORDER BY conname");
            query(s, lines, "SELECT 'index ' || regexp_replace(pg_get_indexdef(indexrelid), ' ON public\\.\\S+ ', ' ON t ')"
                    + " FROM pg_index WHERE indrelid = " + rel + " AND NOT indisprimary ORDER BY indexrelid::regclass::text");
            // a serial's nextval default is its sequence; the target's identity is that (compared as identity)
            query(s, lines, "SELECT 'column ' || attname || ' not null ' || attnotnull || ' default '"
                    + " || CASE WHEN pg_get_expr(adbin, adrelid) LIKE 'nextval(%' THEN '-'"
                    + " ELSE coalesce(pg_get_expr(adbin, adrelid), '-') END || ' comment ' || coalesce(col_description(attrelid, attnum), '-')"
                    + " || ' identity ' || (attidentity <> '' OR pg_get_serial_sequence('public.' || " + "'" + table + "'"
                    + ", attname) IS NOT NULL)"
                    + " FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum"
                    + " WHERE attrelid = " + rel + " AND attnum > 0 AND NOT attisdropped ORDER BY attname");
            query(s, lines, "SELECT 'table comment ' || coalesce(obj_description(" + rel + ", 'pg_class'), '-')");
        }
        return lines;
    }

    private static void query(Statement s, List<String> lines, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
    }

    @FunctionalInterface
    private interface Connector {
        Connection connect() throws SQLException;
    }
}
