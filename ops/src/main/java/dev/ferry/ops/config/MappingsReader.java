package dev.ferry.ops.config;

import java.util.ArrayList;
import java.util.HashMap;
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
 * mapping writes; {@code columns} maps source column names to rules whose {@code rename} is
 * non-empty, and no two renames in one mapping produce the same column.
 */
final class MappingsReader {

    private final Catalog catalog;
    private final TargetTableClaims claims;

    MappingsReader(Catalog catalog, TargetTableClaims claims) {
        this.catalog = catalog;
        this.claims = claims;
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
        Optional<ConfigNode.Fields> opened = element.fields("from", "to", "columns");
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Fields fields = opened.get();
        Optional<SourceRef> from = from(fields.get("from"));
        Optional<TargetRef> to = to(fields.get("to"), element.path());
        Optional<Map<String, ColumnRule>> columns = columns(fields.get("columns"));
        if (!Optionals.allPresent(from, to, columns)) {
            return Optional.empty();
        }
        return Optional.of(new MappingSection(from.get().source(), from.get().table(), to.get().target(),
                to.get().table(), columns.get()));
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

    private static Optional<Map<String, ColumnRule>> columns(ConfigNode node) {
        Optional<Map<String, ConfigNode>> entries = node.entries("column rules (source column: {rename: ...})");
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Map<String, ColumnRule> rules = new LinkedHashMap<>();
        Map<String, String> producers = new HashMap<>();
        boolean valid = true;
        for (Map.Entry<String, ConfigNode> entry : entries.get().entrySet()) {
            String column = entry.getKey();
            ConfigNode ruleNode = entry.getValue();
            if (column.isBlank()) {
                ruleNode.problem("column name must not be empty");
                valid = false;
                continue;
            }
            Optional<ConfigNode.Fields> fields = ruleNode.fields("rename");
            if (fields.isEmpty()) {
                valid = false;
                continue;
            }
            ConfigNode renameNode = fields.get().get("rename");
            Optional<String> rename = renameNode.requiredString();
            if (rename.isEmpty()) {
                valid = false;
                continue;
            }
            String producer = producers.putIfAbsent(rename.get(), ruleNode.path());
            if (producer != null) {
                renameNode.problem("target column '" + rename.get() + "' is already produced by " + producer);
                valid = false;
                continue;
            }
            rules.put(column, new ColumnRule(rename.get()));
        }
        return valid ? Optional.of(rules) : Optional.empty();
    }

    /** A parsed {@code from}: source name and table. */
    private record SourceRef(String source, TableName table) {
    }

    /** A parsed {@code to}: target name and table. */
    private record TargetRef(String target, String table) {
    }
}
