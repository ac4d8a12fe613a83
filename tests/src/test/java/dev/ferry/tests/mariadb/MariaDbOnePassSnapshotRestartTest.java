package dev.ferry.tests.mariadb;

import dev.ferry.ops.local.LocalPostgres;
import dev.ferry.tests.e2e.OnePassSnapshotRestartBehaviour;
import dev.ferry.tests.fixtures.BusyApplication;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.ValueRows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link OnePassSnapshotRestartBehaviour} from MariaDB (every MariaDB table is read in one pass) into PostgreSQL. */
class MariaDbOnePassSnapshotRestartTest extends OnePassSnapshotRestartBehaviour {

    private static final String SELECT = "SELECT id, name, qty, price, payload FROM churn ORDER BY id";

    private MariaDbRig rig;

    @BeforeAll
    void start() throws Exception {
        rig = MariaDbRig.start("mariadb-one-pass-restart");
        try (Connection c = rig.maria(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE churn (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, qty INT,"
                    + " price DECIMAL(12,2), payload TEXT)");
            s.execute("INSERT INTO churn SELECT seq, CONCAT('row ', seq), seq % 1000, seq / 7.0, REPEAT(MD5(seq), 4)"
                    + " FROM seq_1_to_" + ROWS);
        }
    }

    @AfterAll
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Override
    protected String table() {
        return MariaDbRig.DATABASE + ".churn";
    }

    @Override
    protected Path writeConfig() throws Exception {
        return rig.writeConfig(SharedServices.uniquePrefix("maria-onepass"), "restart", List.of("churn"), List.of());
    }

    @Override
    protected Path dir() {
        return rig.dir();
    }

    @Override
    protected BusyApplication.Connector source() {
        return rig::maria;
    }

    @Override
    protected String updateSql() {
        return "UPDATE churn SET name = CONCAT('touched ', ?), qty = qty + 1, price = price + 1 WHERE id = ?";
    }

    @Override
    protected LocalPostgres targetPostgres() {
        return rig.postgres();
    }

    @Override
    protected String mappingFrom() {
        return "maria." + table();
    }

    @Override
    protected List<String> differences(String database) throws Exception {
        LocalPostgres postgres = rig.postgres();
        try (Connection maria = rig.maria();
             Connection target = DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password())) {
            return ValueRows.differences(ValueRows.read(maria, SELECT), targetRows(target));
        }
    }

    private static List<List<String>> targetRows(Connection target) {
        try {
            return ValueRows.read(target, SELECT);
        } catch (SQLException e) {
            return List.of(); // the table is not created yet
        }
    }
}
