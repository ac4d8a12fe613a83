package dev.ferry.ops.config;

import java.util.Objects;

/**
 * One entry of {@code targets:}: a database Ferry writes to.
 *
 * @param name          unique among targets, {@code [a-z][a-z0-9_]*}
 * @param type          the engine
 * @param url           JDBC URL matching {@code type} (see {@link JdbcUrl})
 * @param user          database user
 * @param password      database password ({@link Secret#EMPTY} if none)
 * @param schema        schema written to; defaults to {@code public} for PostgreSQL and to the
 *                      URL's database for MariaDB/MySQL
 * @param batchSize     rows per transaction, 1..100000 (default {@value #DEFAULT_BATCH_SIZE})
 * @param batchLingerMs how long a partial batch may wait, 0..60000 ms (default {@value #DEFAULT_BATCH_LINGER_MS})
 * @param ddl           whether missing tables are created and missing columns added
 * @param conflict      whether an older change may overwrite a newer one
 * @param fkRetry       how long a change failing on a foreign key waits for its parent (default 5 minutes)
 * @param batchLog      whether the target keeps the {@code ferry_batch_log} table (default true)
 * @param limits        restart attempts, connection timeouts and parking-lot bounds (the sink's own record)
 * @param truncate      whether a source truncate empties the target table (default apply)
 */
public record TargetSection(String name, DbType type, String url, String user, Secret password, String schema,
                            int batchSize, int batchLingerMs, DdlMode ddl, ConflictMode conflict,
                            java.time.Duration fkRetry, boolean batchLog, dev.ferry.sink.SinkLimits limits,
                            dev.ferry.sink.TruncateMode truncate) {

    public static final java.time.Duration DEFAULT_FK_RETRY = java.time.Duration.ofMinutes(5);

    public static final int DEFAULT_BATCH_SIZE = 2000;
    public static final int DEFAULT_BATCH_LINGER_MS = 50;
    public static final String DEFAULT_POSTGRES_SCHEMA = "public";

    /** Null checks only; the loader validates. */
    public TargetSection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(ddl, "ddl");
        Objects.requireNonNull(conflict, "conflict");
        Objects.requireNonNull(fkRetry, "fkRetry");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(truncate, "truncate");
    }

    /**
     * The parsed URL (host, port, database).
     *
     * @throws IllegalArgumentException if the URL does not match the type (never for a loaded config)
     */
    public JdbcUrl jdbcUrl() {
        return JdbcUrl.parse(type, url);
    }

    /** Like the generated {@code toString}, with secret URL options and the password masked. */
    @Override
    public String toString() {
        return "TargetSection[name=" + name + ", type=" + type + ", url=" + Masking.maskUrl(url)
                + ", user=" + user + ", password=" + password + ", schema=" + schema + ", batchSize=" + batchSize
                + ", batchLingerMs=" + batchLingerMs + ", ddl=" + ddl + ", conflict=" + conflict + ", fkRetry=" + fkRetry
                + ", batchLog=" + batchLog + ", limits=" + limits + ", truncate=" + truncate + "]";
    }
}
