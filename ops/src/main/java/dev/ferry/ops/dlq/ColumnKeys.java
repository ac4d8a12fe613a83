package dev.ferry.ops.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.schemas.types.ColumnNames;
import java.util.Iterator;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Record fields in an exported dead letter are keyed by their real column names
 * ({@link ColumnNames#columnOf}), not by their Avro names, so that an operator edits
 * {@code "first name"}, not {@code _first_20_name}; reading the export back keys them by Avro name
 * again. Works on Avro's JSON encoding (a union value is {@code {"<branch>": value}}).
 */
final class ColumnKeys {

    private ColumnKeys() {
    }

    /** Avro's JSON of a datum of {@code schema}, record keys turned into real column names. */
    static JsonNode toColumns(Schema schema, JsonNode json) {
        return rename(schema, json, false);
    }

    /** The inverse of {@link #toColumns}: real column names back to Avro field names. */
    static JsonNode toAvro(Schema schema, JsonNode json) {
        return rename(schema, json, true);
    }

    /**
     * @param reading true when {@code json} is keyed by column names (the export) and gets Avro
     *     names, false when it is keyed by Avro names and gets column names
     */
    private static JsonNode rename(Schema schema, JsonNode json, boolean reading) {
        if (json == null || json.isNull()) {
            return json;
        }
        switch (schema.getType()) {
            case RECORD -> {
                if (!json.isObject()) {
                    return json;
                }
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                ObjectNode in = ((ObjectNode) json).deepCopy();
                for (Schema.Field f : schema.getFields()) {
                    String from = reading ? ColumnNames.columnOf(f) : f.name();
                    String to = reading ? f.name() : ColumnNames.columnOf(f);
                    JsonNode v = in.remove(from);
                    if (v != null) {
                        out.set(to, rename(f.schema(), v, reading));
                    }
                }
                // Keys that name no field stay, so that the reader reports them.
                in.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
                return out;
            }
            case UNION -> {
                if (!json.isObject() || json.size() != 1) {
                    return json;
                }
                Map.Entry<String, JsonNode> only = json.fields().next();
                for (Schema branch : schema.getTypes()) {
                    String name = branch.getType() == Schema.Type.RECORD || branch.getType() == Schema.Type.ENUM
                            || branch.getType() == Schema.Type.FIXED ? branch.getFullName() : branch.getName();
                    if (name.equals(only.getKey())) {
                        ObjectNode out = JsonNodeFactory.instance.objectNode();
                        out.set(only.getKey(), rename(branch, only.getValue(), reading));
                        return out;
                    }
                }
                return json;
            }
            case ARRAY -> {
                if (!json.isArray()) {
                    return json;
                }
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                json.forEach(e -> out.add(rename(schema.getElementType(), e, reading)));
                return out;
            }
            case MAP -> {
                if (!json.isObject()) {
                    return json;
                }
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.set(e.getKey(), rename(schema.getValueType(), e.getValue(), reading));
                }
                return out;
            }
            default -> {
                return json;
            }
        }
    }
}
