package dev.ferry.ops.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A position in the YAML tree: the node found there (possibly absent), its path, and where to
 * report problems. This is the walker every section reader uses.
 *
 * <p>Contract of the typed readers ({@link #requiredString()}, {@link #optionalInt}, ...):
 * they return a value, or {@link Optional#empty()} after reporting exactly the problem(s) that
 * prevented reading it, always prefixed with this node's path. A key that is absent and a key
 * whose value is YAML null ({@code key:} or {@code key: ~}) are treated the same way: "missing".
 * Every scalar goes through {@code ${env:NAME}} substitution before being converted.
 */
final class ConfigNode {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    private final JsonNode value;
    private final String path;
    private final Problems problems;
    private final EnvironmentSubstitution environment;

    private ConfigNode(JsonNode value, String path, Problems problems, EnvironmentSubstitution environment) {
        this.value = value;
        this.path = path;
        this.problems = problems;
        this.environment = environment;
    }

    /** The document root; its path is empty. */
    static ConfigNode root(JsonNode root, Problems problems, EnvironmentSubstitution environment) {
        return new ConfigNode(root, "", problems, environment);
    }

    String path() {
        return path;
    }

    /** True if the key is absent or its value is YAML null. */
    boolean isMissing() {
        return value == null || value.isNull();
    }

    /** True if the key is present with the YAML null value ({@code key: null}, {@code key: ~}, {@code key:}). */
    boolean isExplicitNull() {
        return value != null && value.isNull();
    }

    /** An optional boolean ({@code true} or {@code false}): {@code defaultValue} if missing. */
    Optional<Boolean> optionalBoolean(boolean defaultValue) {
        if (isMissing()) {
            return Optional.of(defaultValue);
        }
        Optional<String> text = scalar("true or false");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return switch (text.get()) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> {
                problem("must be true or false, got '" + text.get() + "'");
                yield Optional.empty();
            }
        };
    }

    /** Reports {@code message} at this node's path. */
    void problem(String message) {
        problems.add(path, message);
    }

    /** Reports "is required" if missing; returns whether the node is present. */
    boolean requirePresent() {
        if (isMissing()) {
            problem("is required");
            return false;
        }
        return true;
    }

    /**
     * Opens this node as a map whose only allowed keys are {@code allowedKeys}, reporting every
     * other key as {@code <path>.<key>: unknown key (expected one of: a, b, c)}. A missing node
     * opens as an empty map (so required fields inside it report themselves).
     *
     * @return the map, or empty after reporting that something else than a map was found
     */
    Optional<Fields> fields(String... allowedKeys) {
        List<String> allowed = List.of(allowedKeys);
        if (isMissing()) {
            return Optional.of(new Fields(this, Map.of(), allowed));
        }
        if (!value.isObject()) {
            problem("expected a map with keys " + String.join(", ", allowed) + ", found " + kind());
            return Optional.empty();
        }
        Map<String, ConfigNode> children = childrenOfMap();
        children.forEach((key, child) -> {
            if (key.equals("<<")) {
                child.problem("YAML merge keys (<<) are not supported");
            } else if (!allowed.contains(key)) {
                child.problem("unknown key (expected one of: " + String.join(", ", allowed) + ")");
            }
        });
        return Optional.of(new Fields(this, children, allowed));
    }

    /**
     * Opens this node as a map with free keys (e.g. {@code kafka.properties}, {@code columns}),
     * in file order. A missing node opens as an empty map.
     *
     * @return the entries, or empty after reporting that something else than a map was found
     */
    Optional<Map<String, ConfigNode>> entries(String whatValuesAre) {
        if (isMissing()) {
            return Optional.of(Map.of());
        }
        if (!value.isObject()) {
            problem("expected a map of " + whatValuesAre + ", found " + kind());
            return Optional.empty();
        }
        return Optional.of(childrenOfMap());
    }

    /**
     * Opens this node as a list. A missing node opens as an empty list.
     *
     * @return the elements, or empty after reporting that something else than a list was found
     */
    Optional<List<ConfigNode>> elements(String whatElementsAre) {
        if (isMissing()) {
            return Optional.of(List.of());
        }
        if (!value.isArray()) {
            problem("expected a list of " + whatElementsAre + ", found " + kind());
            return Optional.empty();
        }
        List<ConfigNode> elements = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            elements.add(new ConfigNode(value.get(i), Paths.index(path, i), problems, environment));
        }
        return Optional.of(elements);
    }

    /**
     * Reads this required node as a non-empty list, every element with {@code readOne}; reads every
     * element even after a bad one, so all problems are reported at once.
     *
     * @param what the elements, plural ("sources"), for the messages
     * @return the elements read, or empty when the node or any element has a problem
     */
    <T> Optional<List<T>> requiredList(String what, Function<ConfigNode, Optional<T>> readOne) {
        if (!requirePresent()) {
            return Optional.empty();
        }
        Optional<List<ConfigNode>> elements = elements(what);
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        if (elements.get().isEmpty()) {
            problem("must list at least one " + what.replaceFirst("s$", ""));
            return Optional.empty();
        }
        List<T> read = new ArrayList<>();
        boolean complete = true;
        for (ConfigNode element : elements.get()) {
            Optional<T> one = readOne.apply(element);
            one.ifPresent(read::add);
            complete &= one.isPresent();
        }
        return complete ? Optional.of(read) : Optional.empty();
    }

    /** A required, non-blank string. */
    Optional<String> requiredString() {
        if (!requirePresent()) {
            return Optional.empty();
        }
        Optional<String> text = scalar("a string");
        if (text.isPresent() && text.get().isBlank()) {
            problem("must not be empty");
            return Optional.empty();
        }
        return text;
    }

    /** An optional string: {@code defaultValue} if missing. The caller validates the content. */
    Optional<String> optionalString(String defaultValue) {
        return isMissing() ? Optional.of(defaultValue) : scalar("a string");
    }

    /** An optional secret: {@link Secret#EMPTY} if missing. */
    Optional<Secret> optionalSecret() {
        return isMissing() ? Optional.of(Secret.EMPTY) : scalar("a string").map(Secret::of);
    }

    /** An optional integer within {@code [min, max]}: {@code defaultValue} if missing. */
    Optional<Integer> optionalInt(int defaultValue, int min, int max) {
        if (isMissing()) {
            return Optional.of(defaultValue);
        }
        Optional<String> text = scalar("an integer");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int number;
        try {
            number = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            problem("must be an integer between " + min + " and " + max + ", got '" + text.get() + "'");
            return Optional.empty();
        }
        if (number < min || number > max) {
            problem("must be between " + min + " and " + max + ", got " + number);
            return Optional.empty();
        }
        return Optional.of(number);
    }

    /**
     * An optional duration written as a number and a unit ({@code 500ms}, {@code 30s}, {@code 5m},
     * {@code 2h}; {@code 0} alone too), at most {@code max}: {@code defaultValue} if missing.
     */
    Optional<Duration> optionalDuration(Duration defaultValue, Duration max) {
        if (isMissing()) {
            return Optional.of(defaultValue);
        }
        Optional<String> text = scalar("a duration");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(text.get().trim());
        if (!m.matches()) {
            problem("must be a duration like 500ms, 30s, 5m or 2h, got '" + text.get() + "'");
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        if (unit.isEmpty() && amount != 0) {
            problem("must be a duration like 500ms, 30s, 5m or 2h (a number needs a unit), got '" + text.get() + "'");
            return Optional.empty();
        }
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ZERO;
        };
        if (d.compareTo(max) > 0) {
            problem("must be at most " + max.toHours() + "h, got '" + text.get() + "'");
            return Optional.empty();
        }
        return Optional.of(d);
    }

    /** A required enum constant, written in lower case in YAML. */
    <E extends Enum<E>> Optional<E> requiredEnum(Class<E> type) {
        return requirePresent() ? enumValue(type) : Optional.empty();
    }

    /** An optional enum constant, written in lower case in YAML: {@code defaultValue} if missing. */
    <E extends Enum<E>> Optional<E> optionalEnum(E defaultValue) {
        return isMissing() ? Optional.of(defaultValue) : enumValue(defaultValue.getDeclaringClass());
    }

    /**
     * Reads any scalar as text (after {@code ${env:...}} substitution); maps and lists are
     * reported as {@code expected <expected>, found a map/list}. Must not be called when missing.
     */
    Optional<String> scalar(String expected) {
        if (value.isContainerNode()) {
            problem("expected " + expected + ", found " + kind());
            return Optional.empty();
        }
        List<String> envProblems = new ArrayList<>();
        Optional<String> text = environment.substitute(value.asText(), envProblems);
        envProblems.forEach(this::problem);
        return text;
    }

    private <E extends Enum<E>> Optional<E> enumValue(Class<E> type) {
        Optional<String> text = scalar("one of " + yamlNames(type));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (E constant : type.getEnumConstants()) {
            if (yamlName(constant).equals(text.get())) {
                return Optional.of(constant);
            }
        }
        problem("must be one of " + yamlNames(type) + ", got '" + text.get() + "'");
        return Optional.empty();
    }

    /** The YAML spelling of an enum constant: its name in lower case, {@code _} written {@code -}. */
    static String yamlName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String yamlNames(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigNode::yamlName).collect(Collectors.joining(", "));
    }

    private Map<String, ConfigNode> childrenOfMap() {
        Map<String, ConfigNode> children = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            children.put(entry.getKey(), child(entry.getKey(), entry.getValue()));
        }
        return children;
    }

    private ConfigNode child(String key, JsonNode childValue) {
        return new ConfigNode(childValue, Paths.key(path, key), problems, environment);
    }

    private String kind() {
        if (value.isObject()) {
            return "a map";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "a scalar value";
    }

    /** The children of a map opened with {@link #fields}. */
    static final class Fields {
        private final ConfigNode parent;
        private final Map<String, ConfigNode> children;
        private final List<String> allowed;

        private Fields(ConfigNode parent, Map<String, ConfigNode> children, List<String> allowed) {
            this.parent = parent;
            this.children = children;
            this.allowed = allowed;
        }

        /** The node at {@code key}; missing if the key is absent. {@code key} must be an allowed key. */
        ConfigNode get(String key) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("key not declared: " + key);
            }
            ConfigNode child = children.get(key);
            return child != null ? child : parent.child(key, null);
        }
    }
}
