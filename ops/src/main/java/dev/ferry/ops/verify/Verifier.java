package dev.ferry.ops.verify;

import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.config.MappingSection;
import dev.ferry.ops.config.SourceSection;
import dev.ferry.ops.config.TargetSection;
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

    /** @param settle how long a difference may take to settle (in-flight changes) before it counts */
    public Verifier(StageConfigs configs, Duration settle) {
        this.configs = configs;
        this.registry = new RestSchemaRegistry(configs.kafka().schemaRegistry());
        this.settle = settle;
    }

    /**
     * Verifies the target tables named in {@code tables} (all when empty), reporting each as it is
     * done to {@code progress}.
     *
     * @throws VerifyException when a table is unknown or not captured yet, or a database cannot be read
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
        List<TableReport> reports = new ArrayList<>();
        long started = System.nanoTime();
        for (MappingSection m : mappings) {
            SourceSection source = config.source(m.source()).orElseThrow();
            TargetSection target = config.target(m.target()).orElseThrow();
            TableMapping mapping = tableMappings.stream()
                    .filter(t -> t.source().equals(m.source()) && t.target().equals(m.target())
                            && t.targetTable().equals(m.targetTable()))
                    .findFirst().orElseThrow();
            TableSpec spec = TableSpec.of(mapping, m.sourceTable().schema(), m.sourceTable().table(), registry);
            TableVerifier verifier = new TableVerifier(spec, SqlShape.forUrl(source.url()), SqlShape.forUrl(target.url()),
                    target.schema(), settle);
            try {
                TableReport report = verifier.verify(
                        connect(source.url(), source.user(), source.password().reveal()),
                        connect(target.url(), target.user(), target.password().reveal()));
                reports.add(report);
                progress.accept(report);
            } catch (VerifyException e) {
                throw e;
            } catch (Exception e) {
                throw new VerifyException("cannot verify " + m.to() + ": " + e.getMessage(), e);
            }
        }
        return new VerifyReport(reports, (System.nanoTime() - started) / 1_000_000);
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
