package dev.ferry.capture;

import java.util.Properties;

/**
 * What capture needs to know about one kind of source database: how to configure its Debezium
 * connector and how to estimate a table's size for snapshot progress.
 */
interface SourceDatabase {

    /** Connector-specific Debezium properties (connection, slot or server id, type handling). */
    Properties connectorProperties(CaptureConfig config);

    /**
     * A cheap estimate of the rows in a table ({@code schema.table}), for snapshot progress.
     *
     * @return the estimate, or -1 when it cannot be had
     */
    long estimateRows(CaptureConfig config, String table);

    static SourceDatabase of(SourceType type) {
        return switch (type) {
            case POSTGRES -> new PostgresSource();
            case MARIADB, MYSQL -> throw new UnsupportedOperationException(type + " sources are not supported yet");
        };
    }
}
