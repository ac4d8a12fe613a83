package dev.ferry.ops.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}} references inside scalar values with values from an environment map.
 *
 * <p>Contract:
 * <ul>
 *   <li>References may appear anywhere in a value, any number of times:
 *       {@code jdbc:postgresql://${env:DB_HOST}:5432/app}.</li>
 *   <li>{@code NAME} must match {@code [A-Za-z_][A-Za-z0-9_]*}.</li>
 *   <li>Substitution is a single pass: text coming from the environment is inserted literally,
 *       never scanned for further references.</li>
 *   <li>A variable that is absent from the map is a problem; a variable set to the empty string
 *       is substituted as the empty string.</li>
 *   <li>There is no escape syntax; {@code $} and {@code {}} outside a {@code ${env:...}}
 *       reference are ordinary characters.</li>
 * </ul>
 */
final class EnvironmentSubstitution {

    private static final String OPEN = "${env:";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;

    EnvironmentSubstitution(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Substitutes every reference in {@code raw}.
     *
     * @param raw      the scalar text as written in the file
     * @param problems receives one message (without path) per distinct unresolvable reference
     * @return the substituted text, or empty if at least one reference could not be resolved
     */
    Optional<String> substitute(String raw, List<String> problems) {
        if (!raw.contains(OPEN)) {
            return Optional.of(raw);
        }
        Set<String> found = new LinkedHashSet<>();
        StringBuilder out = new StringBuilder(raw.length());
        int from = 0;
        while (true) {
            int start = raw.indexOf(OPEN, from);
            if (start < 0) {
                out.append(raw, from, raw.length());
                break;
            }
            out.append(raw, from, start);
            int end = raw.indexOf('}', start + OPEN.length());
            if (end < 0) {
                found.add("unterminated ${env:...} reference (missing '}')");
                break;
            }
            String name = raw.substring(start + OPEN.length(), end);
            String value = environment.get(name);
            if (!NAME.matcher(name).matches()) {
                found.add("invalid environment variable name '" + name + "' in ${env:...} reference");
            } else if (value == null) {
                found.add("environment variable " + name + " is not set");
            } else {
                out.append(value);
            }
            from = end + 1;
        }
        problems.addAll(found);
        return found.isEmpty() ? Optional.of(out.toString()) : Optional.empty();
    }
}
