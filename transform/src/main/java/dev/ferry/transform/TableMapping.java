package dev.ferry.transform;

import dev.ferry.schemas.types.ColumnNames;
import dev.ferry.transform.mapping.ColumnRule;
import dev.ferry.transform.mapping.RowRules;
import dev.ferry.transform.predicate.Predicate;
import dev.ferry.transform.validation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one source table becomes one target table.
 *
 * @param source name of the source
 * @param rawTopic the raw topic of the source table
 * @param target name of the target
 * @param targetTable the target table's name
 * @param mappedTopic the mapped topic of the target table
 * @param columns rules by source column name; columns without rules are copied unchanged
 * @param keep when not null, only these source columns (and the primary key) are written
 * @param add constant text columns appended to every row (target name to value)
 * @param filter rows for which it is false are not written (null: every row); see {@link ChangeTransformer}
 * @param deletes what a source delete does
 * @param softDeleteColumn the boolean column set by a soft delete; non-null exactly when {@code deletes} is SOFT
 * @param validations the table's validation rules, in order; ids unique
 */
public record TableMapping(String source, String rawTopic, String target, String targetTable, String mappedTopic,
                           Map<String, List<ColumnRule>> columns, List<String> keep, Map<String, String> add,
                           Predicate filter, DeleteMode deletes, String softDeleteColumn,
                           List<ValidationRule> validations) {

    public TableMapping {
        Objects.requireNonNull(rawTopic, "rawTopic");
        Objects.requireNonNull(mappedTopic, "mappedTopic");
        Objects.requireNonNull(deletes, "deletes");
        columns = new RowRules(columns, null, null, null, "").columns();
        keep = keep == null ? null : List.copyOf(keep);
        add = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(add == null ? Map.of() : add));
        validations = List.copyOf(validations == null ? List.of() : validations);
        if ((deletes == DeleteMode.SOFT) != (softDeleteColumn != null)) {
            throw new IllegalArgumentException("a soft-delete column is needed exactly when deletes are soft");
        }
    }

    /** A mapping that only renames columns (source column to target column). */
    public TableMapping(String source, String rawTopic, String target, String targetTable, String mappedTopic,
                        Map<String, String> renames) {
        this(source, rawTopic, target, targetTable, mappedTopic, renameRules(renames), null, Map.of(), null,
                DeleteMode.HARD, null, List.of());
    }

    private static Map<String, List<ColumnRule>> renameRules(Map<String, String> renames) {
        Map<String, List<ColumnRule>> rules = new LinkedHashMap<>();
        (renames == null ? Map.<String, String>of() : renames).forEach((k, v) -> rules.put(k, List.of(new ColumnRule.Rename(v))));
        return rules;
    }

    /** The column-level rules, as {@link dev.ferry.transform.mapping.RowMapping} applies them. */
    public RowRules rowRules() {
        return new RowRules(columns, keep, add, softDeleteColumn,
                "ferry." + ColumnNames.avroName(target) + "." + ColumnNames.avroName(targetTable));
    }

    /** The target name of a source column. */
    public String targetColumn(String sourceColumn) {
        return rowRules().targetColumn(sourceColumn);
    }

    /** {@code <target>.<table>}: how counters name this mapping's table. */
    public String table() {
        return target + "." + targetTable;
    }
}
