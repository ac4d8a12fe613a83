package dev.ferry.ops.config;

import java.util.List;
import java.util.Optional;

/**
 * Reads a whole document (the root map) into a {@link FerryConfig}, delegating each section to its
 * reader, then checks what spans sections: no target table may be written twice, counting the
 * identity mappings of unmapped source tables.
 *
 * <p>Every problem goes to the shared {@link Problems}; the result is present only if there
 * were none.
 */
final class PipelineReader {

    private final Problems problems;
    private final Catalog catalog = new Catalog();
    private final TargetTableClaims claims = new TargetTableClaims();

    PipelineReader(Problems problems) {
        this.problems = problems;
    }

    Optional<FerryConfig> read(ConfigNode root) {
        Optional<ConfigNode.Fields> opened = root.fields("kafka", "sources", "targets", "masking", "mappings", "http",
                "transform");
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Fields fields = opened.get();
        Optional<KafkaSection> kafka = KafkaReader.read(fields.get("kafka"));
        Optional<List<SourceSection>> sources = new SourcesReader(catalog).read(fields.get("sources"));
        Optional<List<TargetSection>> targets = new TargetsReader(catalog).read(fields.get("targets"));
        Optional<Secret> salt = maskingSalt(fields.get("masking"));
        Optional<List<MappingSection>> mappings = new MappingsReader(catalog, claims, salt.orElse(Secret.EMPTY))
                .read(fields.get("mappings"));
        Optional<HttpSection> http = HttpReader.read(fields.get("http"));
        Optional<TransformSection> transform = TransformReader.read(fields.get("transform"));
        if (sources.isPresent() && targets.isPresent() && mappings.isPresent()) {
            // Only with a complete picture: otherwise an already-reported problem would echo here.
            checkIdentityMappings(sources.get(), targets.get(), mappings.get(), fields.get("sources").path());
        }
        if (!problems.isEmpty() || !Optionals.allPresent(kafka, sources, targets, salt, mappings, http, transform)) {
            return Optional.empty();
        }
        return Optional.of(new FerryConfig(kafka.get(), sources.get(), targets.get(), mappings.get(), salt.get(),
                http.get(), transform.get()));
    }

    /** {@code masking: {salt: ...}}: the default salt of sha256 masks (a secret; empty if none). */
    private static Optional<Secret> maskingSalt(ConfigNode node) {
        return node.fields("salt").flatMap(f -> f.get("salt").optionalSecret());
    }

    /**
     * Claims the target table of every identity mapping (unmapped source table x target), reporting
     * a collision at the source table's path, e.g. {@code sources[1].tables[0]: public.customers has
     * no mapping and would be copied to newdb.customers, which is already written by mappings[0]}.
     */
    private void checkIdentityMappings(List<SourceSection> sources, List<TargetSection> targets,
                                       List<MappingSection> mappings, String sourcesPath) {
        for (int s = 0; s < sources.size(); s++) {
            SourceSection source = sources.get(s);
            for (int t = 0; t < source.tables().size(); t++) {
                TableName table = source.tables().get(t);
                if (mappings.stream().anyMatch(m -> m.reads(source.name(), table))) {
                    continue;
                }
                String tablePath = Paths.index(Paths.key(Paths.index(sourcesPath, s), "tables"), t);
                for (TargetSection target : targets) {
                    Optional<String> owner = claims.claim(target.name(), table.table(), tablePath);
                    if (owner.isPresent()) {
                        problems.add(tablePath, table + " has no mapping and would be copied to " + target.name()
                                + "." + table.table() + ", which is already written by " + owner.get());
                    }
                }
            }
        }
    }
}
