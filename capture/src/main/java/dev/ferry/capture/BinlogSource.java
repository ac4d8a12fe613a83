package dev.ferry.capture;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/**
 * MariaDB or MySQL through Debezium's connector for each: snapshot, then the binary log (ROW
 * format). Tables are named {@code database.table}. The two differ only in the connector class;
 * MySQL is untested against a MySQL server (none in Ferry's test setup).
 */
final class BinlogSource implements SourceDatabase {

    private final String connectorClass;

    private BinlogSource(String connectorClass) {
        this.connectorClass = connectorClass;
    }

    static BinlogSource mariaDb() {
        return new BinlogSource("io.debezium.connector.mariadb.MariaDbConnector");
    }

    static BinlogSource mySql() {
        return new BinlogSource("io.debezium.connector.mysql.MySqlConnector");
    }

    @Override
    public Properties connectorProperties(CaptureConfig config, SnapshotPlan plan) {
        Properties p = BinlogProperties.of(config, connectorClass, 3306);
        try (Connection c = config.connect()) {
            BinlogSnapshotSelects.addTo(p, c, config.tables());
        } catch (SQLException e) {
            throw new CaptureException("cannot read the column types of " + config.tables() + " in source "
                    + config.source() + ": " + e.getMessage(), e);
        }
        return p;
    }

    @Override
    public List<String> settingProblems(Connection c, CaptureConfig config) throws SQLException {
        return BinlogSettings.problems(c);
    }

    @Override
    public ColumnFacts columnFacts(CaptureConfig config) {
        return new BinlogColumnFacts(config);
    }

    @Override
    public boolean databasesAreCatalogs() {
        return true;
    }

    @Override
    public void prepare(CaptureConfig config) {
        SignalTable.ensure(config, '`');
    }

    @Override
    public long estimateRows(CaptureConfig config, String table) {
        return BinlogTableSize.estimate(config, table);
    }
}
