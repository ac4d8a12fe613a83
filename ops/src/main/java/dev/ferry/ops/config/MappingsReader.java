package dev.ferry.ops.config;

import dev.ferry.transform.DeleteMode;
import dev.ferry.transform.validation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates the optional {@code mappings:} list into {@link MappingSection}s, checking
 * references against the {@link Catalog} and claiming target tables in {@link TargetTableClaims}.
 *
 * <p>Checks: {@code from} is {@code <source>.<schema>.<table>} naming a known source and one of its
 * tables; {@code to} is {@code <target>.<table>} naming a known target and a table no earlier
 * mapping writes; {@code columns} (see {@link ColumnRulesReader}); {@code keep} lists column names and
 * every column with rules is in it; {@code add} maps new column names to constants that collide
 * with no mapped column; {@code filter} parses; {@code delete} is hard, soft or ignore and
 * {@code soft-delete-column} is given only with soft; {@code validate} (see
 * {@link ValidationRulesReader}).
 */
final class MappingsReader {

    /** The column a soft delete sets when {@code soft-delete-column} is not given. */
    static final String DEFAULT_SOFT_DELETE_COLUMN = "deleted";

    private final Catalog catalog;
    private final TargetTableClaims claims;
    private final Secret topSalt;

    /** @param topSalt the top-level {@code masking.salt} (empty if none) */
    MappingsReader(Catalog catalog, TargetTableClaims claims, Secret topSalt) {
        this.catalog = catalog;
        this.claims = claims;
        this.topSalt = topSalt;
    }

    /** Reads the optional {@code mappings} node (missing = none); empty if any mapping has a problem. */
    Optional<List<MappingSection>> read(ConfigNode node) {
        Optional<List<ConfigNode>> elements = node.elements("mappings");
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        List<MappingSection> mappings = new ArrayList<>();
        boolean complete = true;
        for (ConfigNode element : elements.get()) {
            Optional<MappingSection> mapping = readOne(element);
            mapping.ifPresent(mappings::add);
            complete &= mapping.isPresent();
        }
        return complete ? Optional.of(mappings) : Optional.empty();
    }

    private Optional<MappingSection> readOne(ConfigNode element) {
        Optional<ConfigNode.Fields> opened = element.fields("from", "to", "columns", "keep", "add", "filter", "delete",
                "soft-delete-column", "mask-salt", "validate");
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Fields fields = opened.get();
        Optional<SourceRef> from = from(fields.get("from"));
        Optional<TargetRef> to = to(fields.get("to"), element.path());
        Optional<Secret> ownSalt = fields.get("mask-salt").optionalSecret();
        Secret salt = ownSalt.filter(s -> !s.isEmpty()).orElse(topSalt);
        Optional<Map<String, ColumnRule>> columns = ColumnRulesReader.read(fields.get("columns"), !salt.isEmpty(),
                Paths.key(element.path(), "mask-salt") + " or masking.salt");
        Optional<List<String>> keep = keep(fields.get("keep"));
        Optional<Map<String, String>> add = add(fields.get("add"));
        Optional<String> filter = filter(fields.get("filter"));
        Optional<DeleteMode> deletes = fields.get("delete").optionalEnum(DeleteMode.HARD);
        Optional<String> softDelete = softDelete(fields.get("soft-delete-column"), deletes);
        Optional<List<ValidationRule>> validations = ValidationRulesReader.read(fields.get("validate"));
        boolean consistent = !Optionals.allPresent(columns, keep, add)
                || consistent(fields, columns.get(), keep.get(), add.get(), softDelete.orElse(""));
        if (!consistent || !Optionals.allPresent(from, to, ownSalt, columns, keep, add, filter, deletes, softDelete,
                validations)) {
            return Optional.empty();
        }
        return Optional.of(new MappingSection(from.get().source(), from.get().table(), to.get().target(),
                to.get().table(), columns.get(), fields.get("keep").isMissing() ? null : keep.get(), add.get(),
                filter.get().isEmpty() ? null : filter.get(), deletes.get(),
                softDelete.get().isEmpty() ? null : softDelete.get(), salt, validations.get()));
    }

    /** Cross-key checks: rules of columns keep leaves out, added columns colliding with written ones. */
    private static boolean consistent(ConfigNode.Fields fields, Map<String, ColumnRule> columns, List<String> keep,
                                      Map<String, String> add, String softDelete) {
        boolean ok = true;
        boolean keeping = !fields.get("keep").isMissing();
        java.util.Set<String> written = new java.util.HashSet<>();
        for (Map.Entry<String, ColumnRule> e : columns.entrySet()) {
            if (keeping && !e.getValue().drop() && !keep.contains(e.getKey())) {
                fields.get("columns").problem("column '" + e.getKey() + "' has rules but is not in keep, so it is not written");
                ok = false;
            }
            if (!e.getValue().drop()) {
                written.add(e.getValue().rename() != null ? e.getValue().rename() : e.getKey());
            }
        }
        if (keeping) {
            keep.stream().filter(c -> !columns.containsKey(c)).forEach(written::add);
        }
        for (String column : add.keySet()) {
            if (written.contains(column)) {
                fields.get("add").problem("added column '" + column + "' collides with a mapped column of that name");
                ok = false;
            }
        }
        if (!softDelete.isEmpty() && (written.contains(softDelete) || add.containsKey(softDelete))) {
            fields.get("soft-delete-column").problem("column '" + softDelete + "' is already written by the mapping");
            ok = false;
        }
        return ok;
    }

    private static Optional<List<String>> keep(ConfigNode node) {
        Optional<List<ConfigNode>> elements = node.elements("source column names");
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean valid = true;
        for (ConfigNode e : elements.get()) {
            Optional<String> name = e.requiredString();
            name.ifPresent(out::add);
            valid &= name.isPresent();
        }
        return valid ? Optional.of(out) : Optional.empty();
    }

    private static Optional<Map<String, String>> add(ConfigNode node) {
        Optional<Map<String, ConfigNode>> entries = node.entries("constant columns (column: value)");
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean valid = true;
        for (Map.Entry<String, ConfigNode> e : entries.get().entrySet()) {
            if (e.getKey().isBlank()) {
                e.getValue().problem("column name must not be empty");
                valid = false;
                continue;
            }
            Optional<String> value = e.getValue().requirePresent() ? e.getValue().scalar("a value") : Optional.empty();
            value.ifPresent(v -> out.put(e.getKey(), v));
            valid &= value.isPresent();
        }
        return valid ? Optional.of(out) : Optional.empty();
    }

    /** The filter text ("" when absent), checked to parse. */
    private static Optional<String> filter(ConfigNode node) {
        if (node.isMissing()) {
            return Optional.of("");
        }
        return node.requiredString().filter(text -> ValidationRulesReader.predicate(node, text).isPresent());
    }

    /** The soft-delete column ("" unless deletes are soft; {@code deleted} by default). */
    private static Optional<String> softDelete(ConfigNode node, Optional<DeleteMode> deletes) {
        boolean soft = deletes.orElse(DeleteMode.HARD) == DeleteMode.SOFT;
        if (node.isMissing()) {
            return Optional.of(soft ? DEFAULT_SOFT_DELETE_COLUMN : "");
        }
        Optional<String> name = node.requiredString();
        if (name.isPresent() && !soft && deletes.isPresent()) {
            node.problem("only applies with delete: soft");
            return Optional.empty();
        }
        return name;
    }

    private Optional<SourceRef> from(ConfigNode node) {
        Optional<String> text = node.requiredString();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = text.get().split("\\.", -1);
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            node.problem("must be <source>.<schema>.<table>, got '" + text.get() + "'");
            return Optional.empty();
        }
        SourceRef ref = new SourceRef(parts[0], new TableName(parts[1], parts[2]));
        if (!catalog.hasSource(ref.source())) {
            node.problem("unknown source '" + ref.source() + "'");
            return Optional.empty();
        }
        if (!catalog.mayHaveTable(ref.source(), ref.table())) {
            node.problem("unknown source table '" + text.get() + "'");
            return Optional.empty();
        }
        return Optional.of(ref);
    }

    private Optional<TargetRef> to(ConfigNode node, String mappingPath) {
        Optional<String> text = node.requiredString();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = text.get().split("\\.", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            node.problem("must be <target>.<table>, got '" + text.get() + "'");
            return Optional.empty();
        }
        TargetRef ref = new TargetRef(parts[0], parts[1]);
        if (!catalog.hasTarget(ref.target())) {
            node.problem("unknown target '" + ref.target() + "'");
            return Optional.empty();
        }
        Optional<String> owner = claims.claim(ref.target(), ref.table(), mappingPath);
        if (owner.isPresent()) {
            node.problem(text.get() + " is already written by " + owner.get());
            return Optional.empty();
        }
        return Optional.of(ref);
    }

    /** A parsed {@code from}: source name and table. */
    private record SourceRef(String source, TableName table) {
    }

    /** A parsed {@code to}: target name and table. */
    private record TargetRef(String target, String table) {
    }
}
