package dev.ferry.sink;

import dev.ferry.schemas.kafka.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the sink of one target needs.
 *
 * @param target the target's name
 * @param jdbcUrl JDBC URL of the target database; chooses the SQL dialect
 * @param user database user
 * @param password database password, never null (may be empty)
 * @param schema the target schema (PostgreSQL) or database (MariaDB/MySQL) the tables live in
 * @param batchSize most rows written in one transaction
 * @param linger longest wait for a batch to fill
 * @param ddl what the sink may do to the target schema
 * @param routes the mapped topics this sink reads and their tables
 * @param kafka where the topics and registry are
 */
public record SinkConfig(String target, String jdbcUrl, String user, String password, String schema, int batchSize,
                         Duration linger, DdlMode ddl, List<TableRoute> routes, KafkaSettings kafka) {

    public SinkConfig {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        password = password == null ? "" : password;
        Objects.requireNonNull(schema, "schema");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(ddl, "ddl");
        routes = List.copyOf(routes);
        Objects.requireNonNull(kafka, "kafka");
    }

    @Override
    public String toString() {
        return "SinkConfig[target=" + target + ", url=" + jdbcUrl + ", user=" + user + ", password=****, schema=" + schema
                + ", batchSize=" + batchSize + ", linger=" + linger + ", ddl=" + ddl + ", routes=" + routes + "]";
    }
}
