package dev.ferry.ops.config;

import dev.ferry.transform.mapping.CastType;
import dev.ferry.transform.predicate.PredicateParser;
import dev.ferry.transform.predicate.PredicateSyntaxException;
import dev.ferry.transform.validation.Severity;
import dev.ferry.transform.validation.ValidationRule;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code mappings[].validate}: a list of rules, each {@code {id, rule, severity, ...}} with
 * the keys of its kind:
 *
 * <pre>
 * not-null      column
 * regex         column, pattern          (the whole value must match)
 * range         column, min and/or max   (inclusive; numbers, dates or timestamps)
 * max-length    column, max              (characters)
 * one-of        column, values           (a list)
 * max-row-bytes max                      (the mapped row's encoded size)
 * castable      column, to               (a cast type)
 * predicate     expression               (the filter language; the row fails when it is false)
 * </pre>
 *
 * {@code id} is required and unique within the mapping; {@code severity} is error (default) or warn.
 */
final class ValidationRulesReader {

    private static final Map<String, List<String>> KEYS = Map.of(
            "not-null", List.of("column"),
            "regex", List.of("column", "pattern"),
            "range", List.of("column", "min", "max"),
            "max-length", List.of("column", "max"),
            "one-of", List.of("column", "values"),
            "max-row-bytes", List.of("max"),
            "castable", List.of("column", "to"),
            "predicate", List.of("expression"));
    private static final String KINDS = "not-null, regex, range, max-length, one-of, max-row-bytes, castable, predicate";

    private ValidationRulesReader() {
    }

    static Optional<List<ValidationRule>> read(ConfigNode node) {
        Optional<List<ConfigNode>> elements = node.elements("validation rules ({id, rule, severity, ...})");
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        List<ValidationRule> rules = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        boolean valid = true;
        for (ConfigNode element : elements.get()) {
            Optional<ValidationRule> rule = readOne(element, ids);
            rule.ifPresent(rules::add);
            valid &= rule.isPresent();
        }
        return valid ? Optional.of(rules) : Optional.empty();
    }

    private static Optional<ValidationRule> readOne(ConfigNode element, Map<String, String> ids) {
        Optional<Map<String, ConfigNode>> entries = element.entries("rule keys");
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode kindNode = entries.get().get("rule");
        String kind = null;
        if (kindNode == null || kindNode.isMissing()) {
            element.problem("rule is required (one of " + KINDS + ")");
        } else {
            Optional<String> text = kindNode.scalar("a rule kind");
            if (text.isPresent() && !KEYS.containsKey(text.get())) {
                kindNode.problem("must be one of " + KINDS + ", got '" + text.get() + "'");
            } else if (text.isPresent()) {
                kind = text.get();
            }
        }
        List<String> allowed = new ArrayList<>(List.of("id", "rule", "severity"));
        allowed.addAll(kind == null ? allKeys() : KEYS.get(kind));
        Optional<ConfigNode.Fields> opened = element.fields(allowed.toArray(String[]::new));
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        ConfigNode.Fields f = opened.get();
        Optional<String> id = f.get("id").requiredString();
        if (id.isPresent()) {
            String earlier = ids.putIfAbsent(id.get(), element.path());
            if (earlier != null) {
                f.get("id").problem("rule id '" + id.get() + "' is already used by " + earlier);
                id = Optional.empty();
            }
        }
        Optional<Severity> severity = f.get("severity").optionalEnum(Severity.ERROR);
        if (kind == null || id.isEmpty() || severity.isEmpty()) {
            return Optional.empty();
        }
        return rule(kind, id.get(), severity.get(), f, element);
    }

    private static Optional<ValidationRule> rule(String kind, String id, Severity severity, ConfigNode.Fields f,
                                                 ConfigNode element) {
        Optional<String> column = KEYS.get(kind).contains("column") ? f.get("column").requiredString() : Optional.of("");
        if (column.isEmpty()) {
            return Optional.empty();
        }
        String c = column.get();
        return switch (kind) {
            case "not-null" -> Optional.of(new ValidationRule.NotNull(id, severity, c));
            case "regex" -> pattern(f.get("pattern")).map(p -> new ValidationRule.Regex(id, severity, c, p));
            case "range" -> range(id, severity, c, f, element);
            case "max-length" -> f.get("max").requirePresent()
                    ? f.get("max").optionalInt(0, 0, Integer.MAX_VALUE).map(m -> new ValidationRule.MaxLength(id, severity, c, m))
                    : Optional.empty();
            case "one-of" -> values(f.get("values")).map(v -> new ValidationRule.OneOf(id, severity, c, v));
            case "max-row-bytes" -> f.get("max").requirePresent()
                    ? f.get("max").optionalInt(1, 1, Integer.MAX_VALUE).map(m -> new ValidationRule.MaxRowBytes(id, severity, m))
                    : Optional.empty();
            case "castable" -> f.get("to").requirePresent()
                    ? ColumnRulesReader.cast(f.get("to")).map(t -> new ValidationRule.Castable(id, severity, c, t))
                    : Optional.empty();
            case "predicate" -> f.get("expression").requiredString().flatMap(text -> predicate(f.get("expression"), text)
                    .map(p -> new ValidationRule.Check(id, severity, p, text)));
            default -> throw new IllegalStateException(kind);
        };
    }

    private static Optional<ValidationRule> range(String id, Severity severity, String column, ConfigNode.Fields f,
                                                  ConfigNode element) {
        ConfigNode min = f.get("min");
        ConfigNode max = f.get("max");
        if (min.isMissing() && max.isMissing()) {
            element.problem("a range needs min, max or both");
            return Optional.empty();
        }
        Optional<Object> low = bound(min);
        Optional<Object> high = bound(max);
        if (!Optionals.allPresent(low, high)) {
            return Optional.empty();
        }
        return Optional.of(new ValidationRule.Range(id, severity, column, low.get() == NONE ? null : low.get(),
                high.get() == NONE ? null : high.get()));
    }

    private static final Object NONE = new Object();

    /** A bound: a number when it reads as one, else text (a date or timestamp). */
    private static Optional<Object> bound(ConfigNode node) {
        if (node.isMissing()) {
            return Optional.of(NONE);
        }
        return node.scalar("a number, date or timestamp").map(text -> {
            try {
                return (Object) new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                return text;
            }
        });
    }

    private static Optional<Pattern> pattern(ConfigNode node) {
        Optional<String> text = node.requiredString();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(text.get()));
        } catch (PatternSyntaxException e) {
            node.problem("not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            return Optional.empty();
        }
    }

    private static Optional<List<String>> values(ConfigNode node) {
        if (!node.requirePresent()) {
            return Optional.empty();
        }
        Optional<List<ConfigNode>> elements = node.elements("values");
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        if (elements.get().isEmpty()) {
            node.problem("must list at least one value");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean valid = true;
        for (ConfigNode e : elements.get()) {
            Optional<String> v = e.requirePresent() ? e.scalar("a value") : Optional.empty();
            v.ifPresent(out::add);
            valid &= v.isPresent();
        }
        return valid ? Optional.of(out) : Optional.empty();
    }

    /** Parses a predicate, reporting a syntax error at {@code node}. */
    static Optional<dev.ferry.transform.predicate.Predicate> predicate(ConfigNode node, String text) {
        try {
            return Optional.of(PredicateParser.parse(text));
        } catch (PredicateSyntaxException e) {
            node.problem("invalid expression: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static List<String> allKeys() {
        return List.of("column", "pattern", "min", "max", "values", "to", "expression");
    }
}
