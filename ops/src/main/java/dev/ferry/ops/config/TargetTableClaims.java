package dev.ferry.ops.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers which mapping writes each target table, so that no table is written by two mappings.
 * Table names are compared exactly (case-sensitive), per target.
 */
final class TargetTableClaims {

    private final Map<String, String> owners = new HashMap<>();

    /**
     * Claims {@code target.table} for {@code owner} (a path such as {@code mappings[0]}).
     *
     * @return the earlier owner if the table was already claimed (the claim then fails), else empty
     */
    Optional<String> claim(String target, String table, String owner) {
        return Optional.ofNullable(owners.putIfAbsent(target + "\u0000" + table, owner));
    }
}
