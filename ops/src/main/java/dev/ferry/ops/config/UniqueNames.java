package dev.ferry.ops.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the {@code name} of the entries of one list ({@code sources} or {@code targets}): it must
 * match {@code [a-z][a-z0-9_]*} and be unique within the list.
 */
final class UniqueNames {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final Map<String, String> owners = new HashMap<>();

    /**
     * Checks {@code name}, read from {@code node}, for the entry at {@code ownerPath}
     * (e.g. {@code sources[1]}).
     *
     * @return the name, or empty after reporting why it is not acceptable
     */
    Optional<String> check(ConfigNode node, String name, String ownerPath) {
        if (!NAME.matcher(name).matches()) {
            node.problem("must match [a-z][a-z0-9_]*, got '" + name + "'");
            return Optional.empty();
        }
        String owner = owners.putIfAbsent(name, ownerPath);
        if (owner != null) {
            node.problem("'" + name + "' is already used by " + owner);
            return Optional.empty();
        }
        return Optional.of(name);
    }
}
