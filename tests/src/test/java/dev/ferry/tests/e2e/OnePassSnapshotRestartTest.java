package dev.ferry.tests.e2e;

import dev.ferry.tests.fixtures.BusyApplication;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.ops.local.LocalPostgres;
import dev.ferry.ops.verify.TableComparison;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link OnePassSnapshotRestartBehaviour} from PostgreSQL: its {@code numeric} column (carried as text) makes the table one-pass. */
class OnePassSnapshotRestartTest extends OnePassSnapshotRestartBehaviour {

    private PostgresPair pg;

    @BeforeAll
    void start() throws Exception {
        pg = PostgresPair.start("one-pass-restart");
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE churn (id bigint PRIMARY KEY, name varchar(40) NOT NULL, qty integer,"
                    + " price numeric(12,2), payload text)");
            s.execute("INSERT INTO churn SELECT g, 'row ' || g, g % 1000, g / 7.0, repeat(md5(g::text), 4)"
                    + " FROM generate_series(1, " + ROWS + ") g");
            s.execute("VACUUM ANALYZE churn");
        }
    }

    @AfterAll
    void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    protected String table() {
        return "public.churn";
    }

    @Override
    protected Path writeConfig() throws Exception {
        return pg.writeConfig(SharedServices.uniquePrefix("onepass"), List.of(table()), "");
    }

    @Override
    protected Path dir() {
        return pg.dir();
    }

    @Override
    protected BusyApplication.Connector source() {
        return pg::source;
    }

    @Override
    protected String updateSql() {
        return "UPDATE churn SET name = 'touched ' || ?, qty = qty + 1, price = price + 1 WHERE id = ?";
    }

    @Override
    protected LocalPostgres targetPostgres() {
        return pg.postgres();
    }

    @Override
    protected String mappingFrom() {
        return "legacy.public.churn";
    }

    @Override
    protected List<String> differences(String database) throws Exception {
        LocalPostgres postgres = pg.postgres();
        try (Connection source = pg.source();
             Connection target = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password())) {
            TableComparison.Result r = TableComparison.compare(source, target, "public", "churn");
            return r.identical() ? List.of() : List.of(r.toString());
        }
    }
}
