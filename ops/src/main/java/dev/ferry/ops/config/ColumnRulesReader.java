package dev.ferry.ops.config;

import dev.ferry.transform.mapping.CastType;
import dev.ferry.transform.mapping.Mask;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code mappings[].columns}: source column name to {@code {rename, drop, default, cast, mask}}.
 *
 * <p>Checks: a rule has at least one key; {@code drop: true} stands alone; {@code rename} is
 * non-empty and no two renames produce the same column; {@code cast} is one of
 * {@value CastType#SPELLINGS}; {@code mask} is sha256, redact or null, and sha256 needs a salt.
 */
final class ColumnRulesReader {

    static final String KEYS = "rename, drop, default, cast, mask";

    private ColumnRulesReader() {
    }

    /**
     * @param hasSalt whether a salt is configured (mapping or top level), for sha256 masks
     * @param saltHint where a salt can be set, for the problem message
     */
    static Optional<Map<String, ColumnRule>> read(ConfigNode node, boolean hasSalt, String saltHint) {
        Optional<Map<String, ConfigNode>> entries = node.entries("column rules (source column: {" + KEYS + "})");
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
            Optional<Read> read = readOne(ruleNode, hasSalt, saltHint);
            if (read.isEmpty()) {
                valid = false;
                continue;
            }
            ColumnRule rule = read.get().rule();
            if (rule.rename() != null) {
                String producer = producers.putIfAbsent(rule.rename(), ruleNode.path());
                if (producer != null) {
                    read.get().renameNode().problem("target column '" + rule.rename() + "' is already produced by " + producer);
                    valid = false;
                    continue;
                }
            }
            rules.put(column, rule);
        }
        return valid ? Optional.of(rules) : Optional.empty();
    }

    private static Optional<Read> readOne(ConfigNode ruleNode, boolean hasSalt, String saltHint) {
        if (ruleNode.isMissing()) {
            ruleNode.problem("expected at least one of " + KEYS);
            return Optional.empty();
        }
        Optional<ConfigNode.Fields> opened = ruleNode.fields("rename", "drop", "default", "cast", "mask");
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Fields f = opened.get();
        ConfigNode renameNode = f.get("rename");
        Optional<String> rename = renameNode.isMissing() ? Optional.of("") : renameNode.requiredString();
        Optional<Boolean> drop = f.get("drop").optionalBoolean(false);
        ConfigNode defaultNode = f.get("default");
        Optional<String> dflt = defaultNode.isMissing() ? Optional.of("") : defaultNode.scalar("a value");
        Optional<CastType> cast = cast(f.get("cast"));
        Optional<Optional<Mask.Kind>> mask = mask(f.get("mask"), hasSalt, saltHint);
        if (!Optionals.allPresent(rename, drop, dflt, cast, mask)) {
            return Optional.empty();
        }
        ColumnRule rule = new ColumnRule(renameNode.isMissing() ? null : rename.get(), drop.get(),
                defaultNode.isMissing() ? null : dflt.get(), f.get("cast").isMissing() ? null : cast.get(),
                mask.get().orElse(null));
        if (rule.drop() && (rule.rename() != null || rule.defaultValue() != null || rule.cast() != null || rule.mask() != null)) {
            f.get("drop").problem("a dropped column takes no other rule");
            return Optional.empty();
        }
        if (!rule.drop() && rule.rename() == null && rule.defaultValue() == null && rule.cast() == null
                && rule.mask() == null && f.get("drop").isMissing()) {
            // Keys that are there were all unknown, and are reported already.
            if (ruleNode.entries("rules").map(Map::isEmpty).orElse(true)) {
                ruleNode.problem("expected at least one of " + KEYS);
            }
            return Optional.empty();
        }
        return Optional.of(new Read(rule, renameNode));
    }

    /** A cast type; present (with a placeholder) when missing, empty after a problem. */
    static Optional<CastType> cast(ConfigNode node) {
        if (node.isMissing()) {
            return Optional.of(CastType.of(CastType.Target.STRING));
        }
        Optional<String> text = node.scalar("a type");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CastType.parse(text.get()));
        } catch (IllegalArgumentException e) {
            node.problem(e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Optional<Mask.Kind>> mask(ConfigNode node, boolean hasSalt, String saltHint) {
        if (node.isExplicitNull()) {
            return Optional.of(Optional.of(Mask.Kind.NULL));
        }
        if (node.isMissing()) {
            return Optional.of(Optional.empty());
        }
        Optional<String> text = node.scalar("a mask");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Mask.Kind kind = switch (text.get()) {
            case "sha256" -> Mask.Kind.SHA256;
            case "redact" -> Mask.Kind.REDACT;
            case "null" -> Mask.Kind.NULL;
            default -> null;
        };
        if (kind == null) {
            node.problem("unknown mask '" + text.get() + "', expected one of: sha256, redact, null");
            return Optional.empty();
        }
        if (kind == Mask.Kind.SHA256 && !hasSalt) {
            node.problem("sha256 needs a salt: set " + saltHint);
            return Optional.empty();
        }
        return Optional.of(Optional.of(kind));
    }

    /** A rule read, with its rename node (for a later collision problem). */
    private record Read(ColumnRule rule, ConfigNode renameNode) {
    }
}
