package dev.ferry.ops.config;

import dev.ferry.sink.SinkLimits;
import dev.ferry.sink.TruncateMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads and validates the {@code targets:} list into {@link TargetSection}s, recording every
 * readable target name in the {@link Catalog}.
 *
 * <p>Checks: the list is required and non-empty; each entry has a unique valid name, the shared
 * {@link Endpoint} fields, a non-empty schema (default: {@code public} for PostgreSQL, the URL's
 * database for MariaDB/MySQL), {@code batch-size} 1..100000, {@code batch-linger-ms} 0..60000 and
 * a DDL mode ({@code create} by default), a conflict mode ({@code last-writer} by default), {@code fk-retry}
 * a duration of at most 7 days (default 5m; 0 dead-letters foreign-key failures at once) and
 * {@code batch-log} true or false (default true), {@code restart-attempts} 0..1000 (default 3),
 * {@code connect-timeout}, {@code socket-timeout} and {@code statement-timeout} positive durations of
 * at most 24 h (defaults 10s, 60s, 30s; the socket timeout longer than the statement timeout),
 * {@code parking-max-rows} 0..10,000,000 (default 100000), {@code parking-max-mb} 0..65536 (default 256) and
 * {@code truncate} apply or ignore (default apply).
 */
final class TargetsReader {

    private static final String[] KEYS = {"name", "type", "url", "user", "password", "schema", "batch-size",
            "batch-linger-ms", "ddl", "conflict", "fk-retry", "batch-log", "restart-attempts", "connect-timeout",
            "socket-timeout", "statement-timeout", "parking-max-rows", "parking-max-mb", "truncate"};
    private static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    private static final Duration MAX_FK_RETRY = Duration.ofDays(7);

    private final Catalog catalog;
    private final UniqueNames names = new UniqueNames();

    TargetsReader(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Reads the required {@code targets} node; empty if any target has a problem (all are reported). */
    Optional<List<TargetSection>> read(ConfigNode node) {
        return node.requiredList("targets", this::readOne);
    }

    private Optional<TargetSection> readOne(ConfigNode element) {
        Optional<ConfigNode.Fields> opened = element.fields(KEYS);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Fields fields = opened.get();
        ConfigNode nameNode = fields.get("name");
        Optional<String> rawName = nameNode.requiredString();
        rawName.ifPresent(catalog::addTarget);
        Optional<String> name = rawName.flatMap(n -> names.check(nameNode, n, element.path()));
        Optional<Endpoint> endpoint = Endpoint.read(fields);
        Optional<String> schema = schema(fields.get("schema"), endpoint);
        Optional<Integer> batchSize = fields.get("batch-size")
                .optionalInt(TargetSection.DEFAULT_BATCH_SIZE, 1, 100_000);
        Optional<Integer> batchLingerMs = fields.get("batch-linger-ms")
                .optionalInt(TargetSection.DEFAULT_BATCH_LINGER_MS, 0, 60_000);
        Optional<DdlMode> ddl = fields.get("ddl").optionalEnum(DdlMode.CREATE);
        Optional<ConflictMode> conflict = fields.get("conflict").optionalEnum(ConflictMode.LAST_WRITER);
        Optional<Duration> fkRetry = fields.get("fk-retry").optionalDuration(TargetSection.DEFAULT_FK_RETRY, MAX_FK_RETRY);
        Optional<Boolean> batchLog = fields.get("batch-log").optionalBoolean(true);
        Optional<SinkLimits> limits = limits(fields);
        Optional<TruncateMode> truncate = fields.get("truncate").optionalEnum(TruncateMode.APPLY);
        if (!Optionals.allPresent(name, endpoint, schema, batchSize, batchLingerMs, ddl, conflict, fkRetry, batchLog,
                limits, truncate)) {
            return Optional.empty();
        }
        Endpoint e = endpoint.get();
        return Optional.of(new TargetSection(name.get(), e.type(), e.url(), e.user(), e.password(), schema.get(),
                batchSize.get(), batchLingerMs.get(), ddl.get(), conflict.get(), fkRetry.get(), batchLog.get(),
                limits.get(), truncate.get()));
    }

    private static Optional<SinkLimits> limits(ConfigNode.Fields fields) {
        SinkLimits d = SinkLimits.DEFAULTS;
        Optional<Integer> restarts = fields.get("restart-attempts").optionalInt(d.restartAttempts(), 0, 1000);
        Optional<Duration> connect = positive(fields.get("connect-timeout"), d.connectTimeout());
        Optional<Duration> socket = positive(fields.get("socket-timeout"), d.socketTimeout());
        Optional<Duration> statement = positive(fields.get("statement-timeout"), d.statementTimeout());
        Optional<Integer> rows = fields.get("parking-max-rows").optionalInt(d.parkingMaxRows(), 0, 10_000_000);
        Optional<Integer> mb = fields.get("parking-max-mb").optionalInt((int) (d.parkingMaxBytes() >> 20), 0, 65_536);
        if (!Optionals.allPresent(restarts, connect, socket, statement, rows, mb)) {
            return Optional.empty();
        }
        if (socket.get().compareTo(statement.get()) <= 0) {
            fields.get("socket-timeout").problem("must be longer than statement-timeout (" + statement.get().toSeconds()
                    + " s), or a statement still running would be cut off as a broken connection");
            return Optional.empty();
        }
        return Optional.of(new SinkLimits(restarts.get(), connect.get(), socket.get(), statement.get(), rows.get(),
                (long) mb.get() << 20));
    }

    private static Optional<Duration> positive(ConfigNode node, Duration defaultValue) {
        Optional<Duration> d = node.optionalDuration(defaultValue, MAX_TIMEOUT);
        if (d.isPresent() && d.get().isZero()) {
            node.problem("must be more than 0");
            return Optional.empty();
        }
        return d;
    }

    /** The given schema, or the type's default (which needs a valid endpoint). */
    private static Optional<String> schema(ConfigNode node, Optional<Endpoint> endpoint) {
        if (node.isMissing()) {
            return endpoint.map(e -> e.type() == DbType.POSTGRES
                    ? TargetSection.DEFAULT_POSTGRES_SCHEMA
                    : e.jdbcUrl().database());
        }
        Optional<String> schema = node.scalar("a string");
        if (schema.isPresent() && schema.get().isBlank()) {
            node.problem("must not be empty");
            return Optional.empty();
        }
        return schema;
    }
}
