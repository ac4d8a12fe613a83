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
 * @param conflict whether an older change may overwrite a newer one
 * @param fkRetry how long a change failing on a foreign key waits for its parent row before it is
 *     dead-lettered; zero dead-letters it at once
 * @param batchLog whether the target keeps the {@code ferry_batch_log} table
 * @param limits restarts, timeouts and parking bounds
 * @param truncate whether a source truncate empties the target table
 */
public record SinkConfig(String target, String jdbcUrl, String user, String password, String schema, int batchSize,
                         Duration linger, DdlMode ddl, List<TableRoute> routes, KafkaSettings kafka,
                         ConflictMode conflict, Duration fkRetry, boolean batchLog, SinkLimits limits,
                         TruncateMode truncate) {

    /** Default patience for a missing parent row. */
    public static final Duration DEFAULT_FK_RETRY = Duration.ofMinutes(5);

    /** With the defaults: last writer wins, foreign-key failures wait 5 minutes, batch log on. */
    public SinkConfig(String target, String jdbcUrl, String user, String password, String schema, int batchSize,
                      Duration linger, DdlMode ddl, List<TableRoute> routes, KafkaSettings kafka) {
        this(target, jdbcUrl, user, password, schema, batchSize, linger, ddl, routes, kafka, ConflictMode.LAST_WRITER,
                DEFAULT_FK_RETRY, true);
    }

    /** With the default {@link SinkLimits}. */
    public SinkConfig(String target, String jdbcUrl, String user, String password, String schema, int batchSize,
                      Duration linger, DdlMode ddl, List<TableRoute> routes, KafkaSettings kafka,
                      ConflictMode conflict, Duration fkRetry, boolean batchLog) {
        this(target, jdbcUrl, user, password, schema, batchSize, linger, ddl, routes, kafka, conflict, fkRetry, batchLog,
                SinkLimits.DEFAULTS);
    }

    /** Applying truncates. */
    public SinkConfig(String target, String jdbcUrl, String user, String password, String schema, int batchSize,
                      Duration linger, DdlMode ddl, List<TableRoute> routes, KafkaSettings kafka,
                      ConflictMode conflict, Duration fkRetry, boolean batchLog, SinkLimits limits) {
        this(target, jdbcUrl, user, password, schema, batchSize, linger, ddl, routes, kafka, conflict, fkRetry, batchLog,
                limits, TruncateMode.APPLY);
    }

    /** This config reading other topics into their tables (every other setting kept). */
    public SinkConfig withRoutes(List<TableRoute> newRoutes) {
        return new SinkConfig(target, jdbcUrl, user, password, schema, batchSize, linger, ddl, newRoutes, kafka, conflict,
                fkRetry, batchLog, limits, truncate);
    }

    /** This config with other limits. */
    public SinkConfig withLimits(SinkLimits newLimits) {
        return new SinkConfig(target, jdbcUrl, user, password, schema, batchSize, linger, ddl, routes, kafka, conflict,
                fkRetry, batchLog, newLimits, truncate);
    }

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
        Objects.requireNonNull(conflict, "conflict");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(truncate, "truncate");
        if (fkRetry.isNegative()) {
            throw new IllegalArgumentException("fkRetry must not be negative, was " + fkRetry);
        }
    }

    @Override
    public String toString() {
        return "SinkConfig[target=" + target + ", url=" + jdbcUrl + ", user=" + user + ", password=****, schema=" + schema
                + ", batchSize=" + batchSize + ", linger=" + linger + ", ddl=" + ddl + ", conflict=" + conflict
                + ", fkRetry=" + fkRetry + ", batchLog=" + batchLog + ", limits=" + limits + ", truncate=" + truncate
                + ", routes=" + routes + "]";
    }
}
