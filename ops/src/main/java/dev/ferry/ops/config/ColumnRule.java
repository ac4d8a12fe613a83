package dev.ferry.ops.config;

import java.util.Objects;

/**
 * What happens to one source column in a mapping. For now the only rule is a rename.
 *
 * @param rename the target column name; any non-empty name (keywords, mixed case and spaces are
 *               allowed: the sink quotes identifiers)
 */
public record ColumnRule(String rename) {

    public ColumnRule {
        Objects.requireNonNull(rename, "rename");
    }
}
