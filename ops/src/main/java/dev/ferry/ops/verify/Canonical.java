package dev.ferry.ops.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ferry.schemas.types.Kind;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * The canonical text of a value for comparison: equal values of different databases or types
 * give equal text ({@code 1.50} and {@code 1.5}, the same instant at two offsets, JSON with keys
 * in another order), different values give different text. NULL has its own text.
 */
final class Canonical {

    static final String NULL = "\u2205";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true).build();

    private Canonical() {
    }

    static String of(Object value, Kind kind) {
        if (value == null) {
            return NULL;
        }
        return switch (kind) {
            case DECIMAL, VARIABLE_DECIMAL -> {
                if (!(value instanceof BigDecimal d)) {
                    yield value.toString(); // NaN, Infinity: no BigDecimal holds them
                }
                yield d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            }
            case TIMESTAMP_TZ -> ((OffsetDateTime) value).toInstant().toString();
            case BYTES -> HexFormat.of().formatHex((byte[]) value);
            case UUID -> value.toString().toLowerCase();
            case JSON -> json(value.toString());
            case FLOAT32, FLOAT64 -> Double.toString(((Number) value).doubleValue());
            default -> value.toString();
        };
    }

    private static String json(String text) {
        try {
            JsonNode tree = JSON.readTree(text);
            Object plain = JSON.treeToValue(tree, Object.class);
            return JSON.writeValueAsString(plain);
        } catch (Exception e) {
            return text;
        }
    }
}
