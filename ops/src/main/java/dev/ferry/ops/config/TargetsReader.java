package dev.ferry.ops.config;

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
 * {@code batch-log} true or false (default true).
 */
final class TargetsReader {

    private static final String[] KEYS = {"name", "type", "url", "user", "password", "schema", "batch-size",
            "batch-linger-ms", "ddl", "conflict", "fk-retry", "batch-log"};
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
        if (!Optionals.allPresent(name, endpoint, schema, batchSize, batchLingerMs, ddl, conflict, fkRetry, batchLog)) {
            return Optional.empty();
        }
        Endpoint e = endpoint.get();
        return Optional.of(new TargetSection(name.get(), e.type(), e.url(), e.user(), e.password(), schema.get(),
                batchSize.get(), batchLingerMs.get(), ddl.get(), conflict.get(), fkRetry.get(), batchLog.get()));
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
