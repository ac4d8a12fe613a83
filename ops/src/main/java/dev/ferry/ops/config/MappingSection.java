package dev.ferry.ops.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One table mapping: rows of {@code source}'s {@code sourceTable} are written to
 * {@code target}'s {@code targetTable} (in the target's {@linkplain TargetSection#schema() schema}).
 *
 * @param source      name of a source
 * @param sourceTable a table listed by that source
 * @param target      name of a target
 * @param targetTable table name in the target
 * @param columns     rules by source column name, in file order; columns without a rule are
 *                    copied unchanged
 */
public record MappingSection(String source, TableName sourceTable, String target, String targetTable,
                             Map<String, ColumnRule> columns) {

    /** Null checks only; the loader validates. {@code columns} is copied, keeping its order. */
    public MappingSection {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceTable, "sourceTable");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetTable, "targetTable");
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(columns, "columns")));
    }

    /** The mapping that copies {@code table} as-is to {@code target}: same table name, no column rules. */
    public static MappingSection identity(String source, TableName table, String target) {
        return new MappingSection(source, table, target, table.table(), Map.of());
    }

    /** True if this mapping reads {@code table} of source {@code sourceName}. */
    public boolean reads(String sourceName, TableName table) {
        return source.equals(sourceName) && sourceTable.equals(table);
    }

    /** {@code <source>.<schema>.<table>}, as written in YAML's {@code from}. */
    public String from() {
        return source + "." + sourceTable;
    }

    /** {@code <target>.<table>}, as written in YAML's {@code to}. */
    public String to() {
        return target + "." + targetTable;
    }

    /** The target column a source column is written to: its rename, or the same name. */
    public String targetColumn(String sourceColumn) {
        ColumnRule rule = columns.get(sourceColumn);
        return rule == null ? sourceColumn : rule.rename();
    }
}
