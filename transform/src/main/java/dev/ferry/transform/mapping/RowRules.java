package dev.ferry.transform.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The column-level part of a table mapping: what {@link RowMapping} applies to every row.
 *
 * @param columns rules by source column name (columns without rules are copied as they are)
 * @param keep when not null, only these source columns (and the primary key) are written
 * @param add constant text columns appended to every row, target name to value, in order
 * @param softDeleteColumn when not null, a boolean column (false, true once the source row is
 *     deleted) appended to every row
 * @param namespace Avro namespace of the mapped key and row schemas
 */
public record RowRules(Map<String, List<ColumnRule>> columns, List<String> keep, Map<String, String> add,
                       String softDeleteColumn, String namespace) {

    public RowRules {
        Map<String, List<ColumnRule>> copy = new LinkedHashMap<>();
        (columns == null ? Map.<String, List<ColumnRule>>of() : columns).forEach((k, v) -> copy.put(k, List.copyOf(v)));
        columns = Collections.unmodifiableMap(copy);
        keep = keep == null ? null : List.copyOf(keep);
        add = Collections.unmodifiableMap(new LinkedHashMap<>(add == null ? Map.of() : add));
    }

    /** The rule of type {@code type} of a column, or null. */
    public <R extends ColumnRule> R rule(String column, Class<R> type) {
        for (ColumnRule r : columns.getOrDefault(column, List.of())) {
            if (type.isInstance(r)) {
                return type.cast(r);
            }
        }
        return null;
    }

    /** The target name of a source column. */
    public String targetColumn(String sourceColumn) {
        ColumnRule.Rename r = rule(sourceColumn, ColumnRule.Rename.class);
        return r == null ? sourceColumn : r.to();
    }

    /** True if a (non-key) source column is not written. */
    public boolean excludes(String sourceColumn) {
        return rule(sourceColumn, ColumnRule.Drop.class) != null || (keep != null && !keep.contains(sourceColumn));
    }
}
