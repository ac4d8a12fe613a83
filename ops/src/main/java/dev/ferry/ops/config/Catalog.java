package dev.ferry.ops.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The names declared by {@code sources:} and {@code targets:}, gathered while reading them so
 * that mappings can be checked against them.
 *
 * <p>A name is recorded as soon as it is readable, even if the rest of its entry has problems,
 * so a broken source does not also make every mapping that uses it "unknown". A source whose
 * table list could not be read completely is marked incomplete: table references to it are then
 * not checked, to avoid reporting consequences of a problem already reported.
 */
final class Catalog {

    private final Map<String, Set<TableName>> sourceTables = new HashMap<>();
    private final Set<String> incompleteSources = new HashSet<>();
    private final Set<String> targets = new HashSet<>();

    void addSource(String name) {
        sourceTables.computeIfAbsent(name, n -> new HashSet<>());
    }

    void addSourceTable(String source, TableName table) {
        sourceTables.computeIfAbsent(source, n -> new HashSet<>()).add(table);
    }

    void markSourceTablesIncomplete(String source) {
        incompleteSources.add(source);
    }

    void addTarget(String name) {
        targets.add(name);
    }

    boolean hasSource(String name) {
        return sourceTables.containsKey(name);
    }

    /** False only if the source's complete table list is known and lacks {@code table}. */
    boolean mayHaveTable(String source, TableName table) {
        return incompleteSources.contains(source) || sourceTables.getOrDefault(source, Set.of()).contains(table);
    }

    boolean hasTarget(String name) {
        return targets.contains(name);
    }
}
