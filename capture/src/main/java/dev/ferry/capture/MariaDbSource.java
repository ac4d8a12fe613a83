package dev.ferry.capture;

import java.util.Properties;

/**
 * MariaDB through Debezium's MariaDB connector: snapshot, then the binary log (ROW format).
 * Tables are named {@code database.table}.
 */
final class MariaDbSource implements SourceDatabase {

    @Override
    public Properties connectorProperties(CaptureConfig config) {
        return BinlogProperties.of(config, "io.debezium.connector.mariadb.MariaDbConnector", 3306);
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
