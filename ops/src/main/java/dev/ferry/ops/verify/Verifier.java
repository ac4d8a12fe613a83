package dev.ferry.ops.verify;

import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.config.MappingSection;
import dev.ferry.ops.config.SourceSection;
import dev.ferry.ops.config.TargetSection;
import dev.ferry.ops.dlq.EditedRows;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.registry.RestSchemaRegistry;
import dev.ferry.schemas.registry.SchemaRegistry;
import dev.ferry.transform.TableMapping;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code ferry verify}: compares every mapped table of every target with its source (or the
 * tables asked for), one {@link TableVerifier} each.
 */
public final class Verifier {

    private final StageConfigs configs;
    private final SchemaRegistry registry;
    private final Duration settle;
    private final boolean hashed;

    /** Hashed verify where a table allows it; see {@link #Verifier(StageConfigs, Duration, boolean)}. */
    public Verifier(StageConfigs configs, Duration settle) {
        this(configs, settle, true);
    }

    /**
     * @param settle how long a difference may take to settle (in-flight changes) before it counts
     * @param hashed compare by hashing key ranges inside both databases where a table allows it
     *     (falling back to rows for the others); false: every table row by row
     */
    public Verifier(StageConfigs configs, Duration settle, boolean hashed) {
        this.configs = configs;
        this.registry = new RestSchemaRegistry(configs.kafka().schemaRegistry());
        this.settle = settle;
        this.hashed = hashed;
    }

    /**
     * Verifies the target tables named in {@code tables} (all when empty), reporting each as it is
     * done to {@code progress}.
     *
     * Every table gets its own outcome: identical, different, or {@linkplain TableReport#cannotVerify
     * cannot verify} with the reason (not captured or mapped yet, no target table, a database that
     * cannot be read); one such table never stops the others.
     *
     * @throws VerifyException when {@code tables} names no mapped table
     */
    public VerifyReport verify(List<String> tables, Consumer<TableReport> progress) {
        FerryConfig config = configs.ferryConfig();
        List<MappingSection> mappings = config.effectiveMappings().stream()
                .filter(m -> tables.isEmpty() || tables.contains(m.targetTable()) || tables.contains(m.to()))
                .toList();
        if (!tables.isEmpty() && mappings.isEmpty()) {
            throw new VerifyException("no mapped table named " + tables);
        }
        List<TableMapping> tableMappings = configs.tableMappings();
        EditedRows edited = editedRows();
        List<TableReport> reports = new ArrayList<>();
        long started = System.nanoTime();
        for (MappingSection m : mappings) {
            long tableStarted = System.nanoTime();
            TableReport report;
            try {
                report = verify(config, m, tableMappings);
            } catch (Exception e) {
                // One table that cannot be read never stops the others: it gets its own outcome.
                report = TableReport.cannotVerify(m.to(), reason(e), (System.nanoTime() - tableStarted) / 1_000_000);
            }
            report = explain(report, edited);
            reports.add(report);
            progress.accept(report);
        }
        return new VerifyReport(reports, (System.nanoTime() - started) / 1_000_000);
    }

    /** The rows re-drives from export files wrote; none (with a warning) when Kafka cannot be read. */
    private EditedRows editedRows() {
        try {
            return EditedRows.load(configs.kafka());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Verifier.class).warn(
                    "verify: cannot read which rows edited dead letters wrote ({}); their differences are not explained", e.toString());
            return EditedRows.none();
        }
    }

    /** Marks each difference of a row that an edited dead letter wrote (see {@link EditedRows}). */
    static TableReport explain(TableReport r, EditedRows edited) {
        if (r.differences().isEmpty()) {
            return r;
        }
        List<Difference> explained = r.differences().stream()
                .map(d -> edited.of(r.table(), d.key()).map(e -> d.editedFrom(e.file())).orElse(d)).toList();
        return new TableReport(r.table(), r.sourceRows(), r.targetRows(), r.missing(), r.extra(), r.changed(), r.moving(),
                explained, r.checksum(), r.millis(), r.cannotVerify(), r.method());
    }

    private TableReport verify(FerryConfig config, MappingSection m, List<TableMapping> tableMappings) throws Exception {
        SourceSection source = config.source(m.source()).orElseThrow();
        TargetSection target = config.target(m.target()).orElseThrow();
        TableMapping mapping = tableMappings.stream()
                .filter(t -> t.source().equals(m.source()) && t.target().equals(m.target())
                        && t.targetTable().equals(m.targetTable()))
                .findFirst().orElseThrow();
        TableSpec spec = TableSpec.of(mapping, m.sourceTable().schema(), m.sourceTable().table(), registry);
        TableVerifier verifier = new TableVerifier(spec, SqlShape.forUrl(source.url()), HashSql.forUrl(source.url()),
                SqlShape.forUrl(target.url()), HashSql.forUrl(target.url()), target.schema(), settle, hashed);
        return verifier.verify(connect(source.url(), source.user(), source.password().reveal()),
                connect(target.url(), target.user(), target.password().reveal()));
    }

    /** Why a table could not be verified, in one line: the innermost cause a driver or a wrapper hides. */
    private static String reason(Exception e) {
        String reason = e instanceof VerifyException ? e.getMessage() : dev.ferry.schemas.Failures.describe(e);
        // Drivers add lines (PostgreSQL's "Position: 23"): a reason is one line.
        return reason.lines().findFirst().orElse(reason).trim();
    }

    private static Supplier<Connection> connect(String url, String user, String password) {
        return () -> {
            try {
                return DriverManager.getConnection(url, user, password);
            } catch (SQLException e) {
                throw new VerifyException("cannot connect to " + url.replaceAll("\\?.*", "") + ": " + e.getMessage(), e);
            }
        };
    }

    /** The registry's latest schema of a subject, for callers that want to check one. */
    Optional<org.apache.avro.Schema> latest(String subject) {
        return registry.latest(subject);
    }
}
