package dev.ferry.tests.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.TableReport;
import dev.ferry.ops.verify.Verifier;
import dev.ferry.ops.verify.VerifyReport;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TargetDb;
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

/**
 * Hashed verify (key ranges hashed inside both databases) and row-by-row verify give the same
 * report: identical tables are identical without reading their rows, and differences planted at
 * the first, a middle and the last key (changed values, missing rows, extra rows) are found by both,
 * with the same keys and columns. The table goes through a mapping (a rename, a dropped column, an
 * added constant) and holds every type hashed verify renders in SQL. One subclass per target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class HashedVerifyBehaviour {

    static final int ROWS = 10_000;

    private PostgresPair pg;
    private TargetDb target;
    private Pipeline pipeline;
    private StageConfigs configs;

    /** The target database, started. */
    abstract TargetDb startTarget(String name);

    /** What verify does with a double precision column into this target: "hashed" or a "rows: ..." reason. */
    abstract String floatMethod();

    /**
     * Whether the table also has timestamptz, time and char(n) columns (false into MariaDB: there
     * the row-by-row verify itself reports every such value as changed, so it cannot be the referee).
     */
    abstract boolean zonedTimesAndChars();

    @BeforeAll
    void start() throws Exception {
        String name = getClass().getSimpleName().toLowerCase();
        pg = PostgresPair.start(name);
        target = startTarget(name + "-target");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("""
                    CREATE TABLE accounts (id bigint PRIMARY KEY, name text, amount numeric(12,2), day date,
                      local_at timestamp, active boolean, ref uuid, blob bytea, qty integer, legacy text)""");
            s.execute("""
                    INSERT INTO accounts
                    SELECT i, CASE WHEN i %% 97 = 0 THEN NULL ELSE 'name ' || i || ' ü|' END, (i %% 1000) / 4.0,
                           date '1999-12-31' + i, timestamp '2020-02-29 23:59:59.999999' + i * interval '1 hour',
                           i %% 3 = 0, md5(i::text)::uuid, decode(md5(i::text), 'hex'), i %% 7, 'gone ' || i
                    FROM generate_series(1, %d) i""".formatted(ROWS));
            if (zonedTimesAndChars()) {
                s.execute("ALTER TABLE accounts ADD COLUMN opened timestamptz, ADD COLUMN at_time time, ADD COLUMN code char(5)");
                s.execute("""
                        UPDATE accounts SET opened = timestamptz '2024-03-01 01:30:00.123456+05:30' + id * interval '1 minute',
                          at_time = time '00:00:01.5' + id * interval '1 second', code = 'c' || (id % 10)""");
            }
            s.execute("CREATE TABLE measures (id int PRIMARY KEY, ratio double precision)");
            s.execute("INSERT INTO measures SELECT i, i / 7.0 FROM generate_series(1, 100) i");
        }
        var file = pg.writeConfig(SharedServices.uniquePrefix("hashverify"), List.of("public.accounts", "public.measures"),
                target, """
                    ddl: create
                mappings:
                  - from: legacy.public.accounts
                    to: fresh.accounts
                    add: {source_system: legacy}
                    columns:
                      name: {rename: holder}
                      legacy: {drop: true}
                """);
        configs = new StageConfigs(ConfigLoader.load(file, Map.of()), pg.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
        Await.until("both tables landed", Duration.ofSeconds(240),
                () -> new Verifier(configs, Duration.ZERO, false).verify(List.of(), t -> { }), VerifyReport::identical);
        pipeline.close();
        pipeline = null;
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (target != null) {
            target.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void identicalTablesAreIdenticalWithoutReadingTheirRows() {
        VerifyReport hashed = new Verifier(configs, Duration.ZERO, true).verify(List.of(), t -> { });

        assertTrue(hashed.identical(), hashed.toText());
        TableReport accounts = table(hashed, "fresh.accounts");
        assertEquals("hashed", accounts.method(), hashed.toText());
        assertEquals(ROWS, accounts.sourceRows());
        assertEquals(ROWS, accounts.targetRows());
        assertEquals(floatMethod(), table(hashed, "fresh.measures").method(), hashed.toText());
    }

    @Test
    @Order(2)
    void hashedAndRowByRowVerifyFindTheSameDifferencesAtTheFirstAMiddleAndTheLastKey() throws Exception {
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            // The pipeline is stopped: these are differences, not changes in flight. The target keeps 5002: extra.
            s.execute("DELETE FROM accounts WHERE id = 5002");
        }
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("UPDATE accounts SET holder = 'changed' WHERE id = 1");
            s.execute("UPDATE accounts SET amount = 0.01 WHERE id = 5000");
            s.execute("UPDATE accounts SET qty = NULL WHERE id = " + ROWS);
            s.execute("DELETE FROM accounts WHERE id IN (2, 5001, " + (ROWS - 1) + ")");
            s.execute("INSERT INTO accounts (id, holder, source_system) VALUES (0, 'extra', 'legacy'), "
                    + " (" + (ROWS + 1) + ", 'extra', 'legacy')");
        }

        VerifyReport hashed = new Verifier(configs, Duration.ZERO, true).verify(List.of("accounts"), t -> { });
        VerifyReport rows = new Verifier(configs, Duration.ZERO, false).verify(List.of("accounts"), t -> { });

        TableReport h = table(hashed, "fresh.accounts");
        TableReport r = table(rows, "fresh.accounts");
        assertEquals("[extra in target: id=0, changed: id=1 [holder], missing in target: id=2, changed: id=5000 [amount],"
                + " missing in target: id=5001, extra in target: id=5002, missing in target: id=9999,"
                + " changed: id=10000 [qty], extra in target: id=10001]",
                sorted(r).toString(), rows.toText());
        assertEquals(sorted(r), sorted(h), hashed.toText() + rows.toText());
        assertEquals(List.of(r.sourceRows(), r.targetRows(), r.missing(), r.extra(), r.changed()),
                List.of(h.sourceRows(), h.targetRows(), h.missing(), h.extra(), h.changed()), hashed.toText());
        assertTrue(r.method().startsWith("rows: "), rows.toText());
        // Only the ranges around the planted keys were read row by row.
        assertTrue(h.method().matches("hashed, [1-9] differing key ranges compared row by row"), hashed.toText());
    }

    private static List<String> sorted(TableReport report) {
        return report.differences().stream().sorted(java.util.Comparator.comparingLong(
                d -> Long.parseLong(d.key().substring("id=".length())))).map(Object::toString).toList();
    }

    private static TableReport table(VerifyReport report, String name) {
        return report.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no table " + name + " in " + report.toText()));
    }
}
