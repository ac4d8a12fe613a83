package dev.ferry.ops.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and validates the {@code sources:} list into {@link SourceSection}s, recording every
 * readable source name and table in the {@link Catalog}.
 *
 * <p>Checks: the list is required and non-empty; each entry has a unique valid name, the shared
 * {@link Endpoint} fields, a non-empty list of distinct {@code schema.table} names and a snapshot
 * mode ({@code initial} by default).
 */
final class SourcesReader {

    private static final String[] KEYS = {"name", "type", "url", "user", "password", "tables", "snapshot"};

    private final Catalog catalog;
    private final UniqueNames names = new UniqueNames();

    SourcesReader(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Reads the required {@code sources} node; empty if any source has a problem (all are reported). */
    Optional<List<SourceSection>> read(ConfigNode node) {
        return node.requiredList("sources", this::readOne);
    }

    private Optional<SourceSection> readOne(ConfigNode element) {
        Optional<ConfigNode.Fields> opened = element.fields(KEYS);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Fields fields = opened.get();
        ConfigNode nameNode = fields.get("name");
        Optional<String> rawName = nameNode.requiredString();
        rawName.ifPresent(catalog::addSource);
        Optional<String> name = rawName.flatMap(n -> names.check(nameNode, n, element.path()));
        Optional<Endpoint> endpoint = Endpoint.read(fields);
        Optional<List<TableName>> tables = tables(fields.get("tables"), rawName);
        Optional<SnapshotMode> snapshot = fields.get("snapshot").optionalEnum(SnapshotMode.INITIAL);
        if (!Optionals.allPresent(name, endpoint, tables, snapshot)) {
            return Optional.empty();
        }
        Endpoint e = endpoint.get();
        return Optional.of(new SourceSection(name.get(), e.type(), e.url(), e.user(), e.password(), tables.get(),
                snapshot.get()));
    }

    private Optional<List<TableName>> tables(ConfigNode node, Optional<String> sourceName) {
        Optional<List<ConfigNode>> elements = node.requirePresent() ? node.elements("schema.table names")
                : Optional.empty();
        if (elements.isPresent() && elements.get().isEmpty()) {
            node.problem("must list at least one table");
            elements = Optional.empty();
        }
        if (elements.isEmpty()) {
            sourceName.ifPresent(catalog::markSourceTablesIncomplete);
            return Optional.empty();
        }
        List<TableName> tables = new ArrayList<>();
        Map<TableName, String> seen = new HashMap<>();
        boolean valid = true;
        for (ConfigNode element : elements.get()) {
            Optional<TableName> table = table(element);
            if (table.isEmpty()) {
                sourceName.ifPresent(catalog::markSourceTablesIncomplete);
                valid = false;
                continue;
            }
            sourceName.ifPresent(n -> catalog.addSourceTable(n, table.get()));
            String first = seen.putIfAbsent(table.get(), element.path());
            if (first != null) {
                element.problem(table.get() + " is already listed by " + first);
                valid = false;
            }
            tables.add(table.get());
        }
        return valid ? Optional.of(tables) : Optional.empty();
    }

    private static Optional<TableName> table(ConfigNode element) {
        Optional<String> text = element.requiredString();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TableName.parse(text.get()));
        } catch (IllegalArgumentException e) {
            element.problem(e.getMessage());
            return Optional.empty();
        }
    }
}
