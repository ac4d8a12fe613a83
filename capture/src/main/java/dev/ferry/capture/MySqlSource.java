package dev.ferry.capture;

import java.util.Properties;

/**
 * MySQL through Debezium's MySQL connector: snapshot, then the binary log (ROW format). Tables are
 * named {@code database.table}. Untested against a MySQL server (none in Ferry's test setup); it
 * shares every property with MariaDB except the connector class.
 */
final class MySqlSource implements SourceDatabase {

    @Override
    public Properties connectorProperties(CaptureConfig config) {
        return BinlogProperties.of(config, "io.debezium.connector.mysql.MySqlConnector", 3306);
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
