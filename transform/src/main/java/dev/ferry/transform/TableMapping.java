package dev.ferry.transform;

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
 * @param renames source column name to target column name; columns not named keep their name
 */
public record TableMapping(String source, String rawTopic, String target, String targetTable, String mappedTopic,
                           Map<String, String> renames) {

    public TableMapping {
        Objects.requireNonNull(rawTopic, "rawTopic");
        Objects.requireNonNull(mappedTopic, "mappedTopic");
        renames = Map.copyOf(renames == null ? Map.of() : renames);
    }

    /** The target name of a source column. */
    public String targetColumn(String sourceColumn) {
        return renames.getOrDefault(sourceColumn, sourceColumn);
    }
}
