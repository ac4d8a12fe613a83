package dev.ferry.ops.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole pipeline, as described by one {@code ferry.yaml}. Obtain it from {@link ConfigLoader},
 * which validates everything once; the record itself only null-checks and copies its lists.
 *
 * <p>Immutable. {@link #toString()} and {@link #toDisplayString()} never reveal secrets.
 *
 * @param kafka    the Kafka section
 * @param sources  the sources, in file order (non-empty when loaded)
 * @param targets  the targets, in file order (non-empty when loaded)
 * @param mappings the explicit mappings, in file order (possibly empty); see {@link #effectiveMappings()}
 * @param maskSalt the top-level {@code masking.salt} ({@link Secret#EMPTY} if none); mappings
 *                 already carry the salt they use
 * @param http     where the running pipeline serves metrics, status and the dashboard
 * @param transform the transform's supervision ({@code transform.restart-attempts})
 */
public record FerryConfig(KafkaSection kafka, List<SourceSection> sources, List<TargetSection> targets,
                          List<MappingSection> mappings, Secret maskSalt, HttpSection http, TransformSection transform) {

    public FerryConfig {
        Objects.requireNonNull(kafka, "kafka");
        http = http == null ? HttpSection.DEFAULT : http;
        transform = transform == null ? TransformSection.DEFAULT : transform;
        sources = List.copyOf(sources);
        targets = List.copyOf(targets);
        mappings = List.copyOf(mappings);
        maskSalt = maskSalt == null ? Secret.EMPTY : maskSalt;
    }

    /** A configuration without a top-level mask salt, served on the default HTTP port. */
    public FerryConfig(KafkaSection kafka, List<SourceSection> sources, List<TargetSection> targets,
                       List<MappingSection> mappings) {
        this(kafka, sources, targets, mappings, Secret.EMPTY, null, null);
    }

    /** A configuration with the default transform section. */
    public FerryConfig(KafkaSection kafka, List<SourceSection> sources, List<TargetSection> targets,
                       List<MappingSection> mappings, Secret maskSalt, HttpSection http) {
        this(kafka, sources, targets, mappings, maskSalt, http, null);
    }

    /**
     * Every table copy the pipeline performs: the explicit {@link #mappings()} in file order,
     * followed by, for every source table that no explicit mapping reads (sources and tables in
     * file order), one {@linkplain MappingSection#identity identity mapping} per target (targets
     * in file order).
     */
    public List<MappingSection> effectiveMappings() {
        List<MappingSection> all = new ArrayList<>(mappings);
        for (SourceSection source : sources) {
            for (TableName table : source.tables()) {
                if (!hasExplicitMapping(source.name(), table)) {
                    for (TargetSection target : targets) {
                        all.add(MappingSection.identity(source.name(), table, target.name()));
                    }
                }
            }
        }
        return List.copyOf(all);
    }

    /** True if an explicit mapping reads {@code table} of source {@code sourceName}. */
    public boolean hasExplicitMapping(String sourceName, TableName table) {
        return mappings.stream().anyMatch(m -> m.reads(sourceName, table));
    }

    /** The same pipeline served on another HTTP port (for {@code ferry run --http-port}). */
    public FerryConfig withHttpPort(int port) {
        return new FerryConfig(kafka, sources, targets, mappings, maskSalt, new HttpSection(port), transform);
    }

    /** The source called {@code name}, if any. */
    public Optional<SourceSection> source(String name) {
        return sources.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The target called {@code name}, if any. */
    public Optional<TargetSection> target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * The configuration as YAML in the {@code ferry.yaml} schema, with every default filled in and
     * every secret (passwords, secret Kafka properties, secret JDBC URL options) shown as
     * {@code ****}. Meant for logs and {@code ferry config show}-style output.
     */
    public String toDisplayString() {
        return ConfigPrinter.print(this);
    }
}
