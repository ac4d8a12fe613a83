package dev.ferry.ops.config;

import dev.ferry.transform.mapping.CastType;
import dev.ferry.transform.mapping.Mask;

/**
 * What happens to one source column in a mapping ({@code mappings[].columns.<column>}). At least
 * one part is set; {@code drop} excludes every other part.
 *
 * @param rename the target column name, or null to keep the name; any non-empty name (keywords,
 *               mixed case and spaces are allowed: the sink quotes identifiers)
 * @param drop true if the column is not written
 * @param defaultValue written instead of NULL, read as the target column's type; null for none
 * @param cast the type the value is cast to, or null
 * @param mask how the value is masked, or null (the salt of sha256 is the mapping's)
 */
public record ColumnRule(String rename, boolean drop, String defaultValue, CastType cast, Mask.Kind mask) {

    /** A rename and nothing else. */
    public ColumnRule(String rename) {
        this(java.util.Objects.requireNonNull(rename, "rename"), false, null, null, null);
    }
}
