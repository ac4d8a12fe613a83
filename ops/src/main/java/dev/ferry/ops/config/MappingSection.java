package dev.ferry.ops.config;

import dev.ferry.transform.DeleteMode;
import dev.ferry.transform.validation.ValidationRule;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param keep        when not null, only these source columns (and the primary key) are written
 * @param add         constant text columns appended to every row, target name to value, in file order
 * @param filter      the row filter expression (already checked to parse), or null for every row
 * @param deletes     what a source delete does
 * @param softDeleteColumn the boolean column a soft delete sets; non-null exactly when deletes are soft
 * @param maskSalt    the salt of sha256 masks: the mapping's {@code mask-salt}, else {@code masking.salt}
 * @param validations the validation rules, in file order, ids unique
 */
public record MappingSection(String source, TableName sourceTable, String target, String targetTable,
                             Map<String, ColumnRule> columns, List<String> keep, Map<String, String> add,
                             String filter, DeleteMode deletes, String softDeleteColumn, Secret maskSalt,
                             List<ValidationRule> validations) {

    /** Null checks only; the loader validates. Maps are copied, keeping their order. */
    public MappingSection {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceTable, "sourceTable");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetTable, "targetTable");
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(columns, "columns")));
        keep = keep == null ? null : List.copyOf(keep);
        add = Collections.unmodifiableMap(new LinkedHashMap<>(add == null ? Map.of() : add));
        Objects.requireNonNull(deletes, "deletes");
        maskSalt = maskSalt == null ? Secret.EMPTY : maskSalt;
        validations = List.copyOf(validations == null ? List.of() : validations);
    }

    /** A mapping with column rules only: every row, hard deletes, no validation. */
    public MappingSection(String source, TableName sourceTable, String target, String targetTable,
                          Map<String, ColumnRule> columns) {
        this(source, sourceTable, target, targetTable, columns, null, Map.of(), null, DeleteMode.HARD, null,
                Secret.EMPTY, List.of());
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
        return rule == null || rule.rename() == null ? sourceColumn : rule.rename();
    }
}
