package dev.ferry.ops.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.schemas.types.ColumnNames;
import dev.ferry.schemas.types.ColumnType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Avro data to and from its natural JSON, the form an operator edits in an export: every value as
 * what it means, read back to exactly the same datum.
 *
 * <ul>
 *   <li>a nullable value is the value or {@code null} (no union wrapper); a union of several
 *       non-null types keeps Avro's {@code {"<type>": value}};</li>
 *   <li>record fields are keyed by their real column names ({@link ColumnNames#columnOf}:
 *       {@code "first name"}, not {@code _first_20_name});</li>
 *   <li>decimals are strings with their scale ({@code "1500.00"}); floats numbers, NaN and the
 *       infinities the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"};</li>
 *   <li>dates, times, timestamps ISO-8601 ({@code "2024-03-01"}, {@code "10:15:30.5"},
 *       {@code "2024-03-01T10:15:30"}, with zone {@code "2024-03-01T10:15:30+01:00"}); a signed
 *       time ISO-8601 duration ({@code "PT-1H"}); UUIDs and JSON their text;</li>
 *   <li>bytes (and bit strings) the object {@code {"base64": "..."}}.</li>
 * </ul>
 */
final class AvroJson {

    static final String BASE64 = "base64";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    static JsonNode toJson(Schema schema, Object datum) {
        try {
            return write(schema, datum);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot write a " + schema.getFullName() + " as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException when the JSON does not match the schema; the message names the column
     */
    static Object fromJson(Schema schema, JsonNode json) {
        try {
            return read(schema, json, schema.getName());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("does not match schema " + schema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode write(Schema schema, Object datum) {
        if (datum == null) {
            return NODES.nullNode();
        }
        switch (schema.getType()) {
            case UNION -> {
                List<Schema> branches = nonNull(schema);
                if (branches.size() == 1) {
                    return write(branches.get(0), datum);
                }
                Schema branch = schema.getTypes().get(GenericData.get().resolveUnion(schema, datum));
                return NODES.objectNode().set(branchName(branch), write(branch, datum));
            }
            case RECORD -> {
                if (isColumn(schema)) {
                    return column(ColumnType.of(schema), datum);
                }
                ObjectNode out = NODES.objectNode();
                GenericRecord record = (GenericRecord) datum;
                for (Schema.Field f : schema.getFields()) {
                    out.set(ColumnNames.columnOf(f), write(f.schema(), record.get(f.pos())));
                }
                return out;
            }
            case ARRAY -> {
                ArrayNode out = NODES.arrayNode();
                for (Object e : (Iterable<?>) datum) {
                    out.add(write(schema.getElementType(), e));
                }
                return out;
            }
            case MAP -> {
                ObjectNode out = NODES.objectNode();
                ((Map<?, ?>) datum).forEach((k, v) -> out.set(k.toString(), write(schema.getValueType(), v)));
                return out;
            }
            case ENUM -> {
                return NODES.textNode(datum.toString());
            }
            case FIXED -> {
                return bytes(((GenericData.Fixed) datum).bytes());
            }
            case NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return column(ColumnType.of(schema), datum);
            }
        }
    }

    private static JsonNode column(ColumnType type, Object avro) {
        Object java = type.toJava(avro);
        return switch (type.kind()) {
            case BOOLEAN -> NODES.booleanNode((Boolean) java);
            case INT16, INT32, INT64 -> NODES.numberNode(((Number) java).longValue());
            case FLOAT32 -> Float.isFinite((Float) java) ? NODES.numberNode((Float) java) : NODES.textNode(java.toString());
            case FLOAT64 -> Double.isFinite((Double) java) ? NODES.numberNode((Double) java) : NODES.textNode(java.toString());
            case DECIMAL, VARIABLE_DECIMAL -> NODES.textNode(((BigDecimal) java).toPlainString());
            case BYTES -> bytes((byte[]) java);
            default -> NODES.textNode(java.toString());
        };
    }

    private static Object read(Schema schema, JsonNode json, String where) {
        if (json == null || json.isNull()) {
            if (schema.getType() == Schema.Type.NULL || schema.getType() == Schema.Type.UNION && schema.isNullable()) {
                return null;
            }
            throw new IllegalArgumentException(where + ": null where a " + schema.getType().getName() + " is required");
        }
        switch (schema.getType()) {
            case UNION -> {
                List<Schema> branches = nonNull(schema);
                if (branches.size() == 1) {
                    return read(branches.get(0), json, where);
                }
                if (json.isObject() && json.size() == 1) {
                    String name = json.fieldNames().next();
                    for (Schema branch : branches) {
                        if (branchName(branch).equals(name)) {
                            return read(branch, json.get(name), where);
                        }
                    }
                }
                throw new IllegalArgumentException(where + ": expected one of " + branches.stream().map(AvroJson::branchName)
                        .toList() + " as {\"<type>\": value}, got " + json);
            }
            case RECORD -> {
                if (isColumn(schema)) {
                    return column(ColumnType.of(schema), schema, json, where);
                }
                if (!json.isObject()) {
                    throw new IllegalArgumentException(where + ": expected an object, got " + json);
                }
                GenericData.Record record = new GenericData.Record(schema);
                Map<String, JsonNode> left = new HashMap<>();
                json.fields().forEachRemaining(e -> left.put(e.getKey(), e.getValue()));
                for (Schema.Field f : schema.getFields()) {
                    String column = ColumnNames.columnOf(f);
                    if (!left.containsKey(column) && !f.schema().isNullable()) {
                        throw new IllegalArgumentException(where + ": column " + column + " is missing");
                    }
                    record.put(f.pos(), read(f.schema(), left.remove(column), where + "." + column));
                }
                if (!left.isEmpty()) {
                    throw new IllegalArgumentException(where + ": no column named " + String.join(", ", left.keySet()));
                }
                return record;
            }
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (JsonNode e : expect(json, json.isArray(), "an array", where)) {
                    out.add(read(schema.getElementType(), e, where + "[]"));
                }
                return new GenericData.Array<>(schema, out);
            }
            case MAP -> {
                Map<String, Object> out = new java.util.LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = expect(json, json.isObject(), "an object", where).fields();
                     it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), read(schema.getValueType(), e.getValue(), where + "." + e.getKey()));
                }
                return out;
            }
            case ENUM -> {
                String symbol = expect(json, json.isTextual(), "a string", where).asText();
                if (!schema.hasEnumSymbol(symbol)) {
                    throw new IllegalArgumentException(where + ": '" + symbol + "' is not one of " + schema.getEnumSymbols());
                }
                return new GenericData.EnumSymbol(schema, symbol);
            }
            case FIXED -> {
                return new GenericData.Fixed(schema, base64(json, where));
            }
            default -> {
                return column(ColumnType.of(schema), schema, json, where);
            }
        }
    }

    private static Object column(ColumnType type, Schema schema, JsonNode json, String where) {
        try {
            Object value = switch (type.kind()) {
                case BOOLEAN -> expect(json, json.isBoolean(), "true or false", where).booleanValue();
                case INT16, INT32, INT64 -> expect(json, json.canConvertToLong() && json.isIntegralNumber(), "an integer",
                        where).longValue();
                case FLOAT32, FLOAT64 -> json.isNumber() ? json.doubleValue()
                        : Double.parseDouble(expect(json, json.isTextual(), "a number, NaN or Infinity", where).asText());
                case DECIMAL, VARIABLE_DECIMAL -> new BigDecimal(json.isNumber() ? json.asText()
                        : expect(json, json.isTextual(), "a decimal as a string", where).asText());
                case BYTES -> base64(json, where);
                case DATE -> LocalDate.parse(text(json, where));
                case TIME -> LocalTime.parse(text(json, where));
                case DURATION -> Duration.parse(text(json, where));
                case TIMESTAMP -> LocalDateTime.parse(text(json, where));
                case TIMESTAMP_TZ -> OffsetDateTime.parse(text(json, where));
                case UUID -> java.util.UUID.fromString(text(json, where));
                case STRING, JSON, PG_TEXT -> text(json, where);
            };
            if (type.kind() == dev.ferry.schemas.types.Kind.INT16 || type.kind() == dev.ferry.schemas.types.Kind.INT32) {
                value = Math.toIntExact((Long) value);
            }
            Object avro = type.fromJava(value, schema);
            return avro instanceof ByteBuffer b && schema.getType() == Schema.Type.FIXED ? new GenericData.Fixed(schema, b.array())
                    : avro;
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(where) ? e
                    : new IllegalArgumentException(where + ": cannot read " + json + " as " + type.kind() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": cannot read " + json + " as " + type.kind() + ": " + e.getMessage(), e);
        }
    }

    /** A record that is one column's value (a variable-scale decimal), not a row. */
    private static boolean isColumn(Schema record) {
        return "io.debezium.data.VariableScaleDecimal".equals(record.getProp("connect.name"));
    }

    private static JsonNode bytes(byte[] bytes) {
        return NODES.objectNode().put(BASE64, Base64.getEncoder().encodeToString(bytes));
    }

    private static byte[] base64(JsonNode json, String where) {
        JsonNode text = json.isObject() && json.size() == 1 ? json.get(BASE64) : null;
        if (text == null || !text.isTextual()) {
            throw new IllegalArgumentException(where + ": expected bytes as {\"base64\": \"...\"}, got " + json);
        }
        return Base64.getDecoder().decode(text.asText());
    }

    private static String text(JsonNode json, String where) {
        return expect(json, json.isTextual(), "a string", where).asText();
    }

    private static JsonNode expect(JsonNode json, boolean ok, String what, String where) {
        if (!ok) {
            throw new IllegalArgumentException(where + ": expected " + what + ", got " + json);
        }
        return json;
    }

    private static List<Schema> nonNull(Schema union) {
        return union.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
    }

    private static String branchName(Schema branch) {
        return branch.getType() == Schema.Type.RECORD || branch.getType() == Schema.Type.ENUM
                || branch.getType() == Schema.Type.FIXED ? branch.getFullName() : branch.getName();
    }
}
