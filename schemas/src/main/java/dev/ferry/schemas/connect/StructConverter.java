package dev.ferry.schemas.connect;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

/**
 * Converts Connect values to Avro generic data against an Avro schema that {@link ConnectAvro}
 * derived from the value's Connect schema: the same result as {@code AvroData.fromConnectData},
 * without its per-value schema lookups and re-validation, which dominate capture's CPU time.
 * Schemas it cannot mirror exactly (maps with non-string keys) are reported by
 * {@link #supports}, and callers fall back to {@code AvroData} for them.
 */
final class StructConverter {

    private StructConverter() {
    }

    /** Whether {@link #convert} produces exactly what AvroData would for values of this schema. */
    static boolean supports(org.apache.kafka.connect.data.Schema connect, Schema avro) {
        Schema a = nonNull(avro);
        return switch (connect.type()) {
            case STRUCT -> a.getType() == Schema.Type.RECORD && a.getFields().size() == connect.fields().size()
                    && fieldsSupported(connect, a);
            case ARRAY -> a.getType() == Schema.Type.ARRAY && supports(connect.valueSchema(), a.getElementType());
            case MAP -> connect.keySchema().type() == org.apache.kafka.connect.data.Schema.Type.STRING
                    && a.getType() == Schema.Type.MAP && supports(connect.valueSchema(), a.getValueType());
            default -> true;
        };
    }

    private static boolean fieldsSupported(org.apache.kafka.connect.data.Schema connect, Schema avro) {
        for (Field f : connect.fields()) {
            Schema.Field af = avro.getFields().get(f.index());
            if (!supports(f.schema(), af.schema())) {
                return false;
            }
        }
        return true;
    }

    /** Converts {@code value} (of Connect schema {@code connect}) to Avro data of {@code avro}. */
    static Object convert(org.apache.kafka.connect.data.Schema connect, Schema avro, Object value) {
        if (value == null) {
            return null;
        }
        Schema a = nonNull(avro);
        String logical = connect.name();
        return switch (connect.type()) {
            case INT8, INT16 -> ((Number) value).intValue();
            case INT32 -> {
                if (Date.LOGICAL_NAME.equals(logical)) {
                    yield Date.fromLogical(connect, (java.util.Date) value);
                }
                if (Time.LOGICAL_NAME.equals(logical)) {
                    yield Time.fromLogical(connect, (java.util.Date) value);
                }
                yield value;
            }
            case INT64 -> Timestamp.LOGICAL_NAME.equals(logical)
                    ? (Object) Timestamp.fromLogical(connect, (java.util.Date) value) : value;
            case FLOAT32, FLOAT64, BOOLEAN, STRING -> value;
            case BYTES -> {
                if (Decimal.LOGICAL_NAME.equals(logical)) {
                    yield ByteBuffer.wrap(Decimal.fromLogical(connect, (java.math.BigDecimal) value));
                }
                yield value instanceof byte[] b ? ByteBuffer.wrap(b) : value;
            }
            case ARRAY -> {
                List<?> in = (List<?>) value;
                List<Object> out = new ArrayList<>(in.size());
                for (Object element : in) {
                    out.add(convert(connect.valueSchema(), a.getElementType(), element));
                }
                yield out;
            }
            case MAP -> {
                Map<?, ?> in = (Map<?, ?>) value;
                Map<String, Object> out = new HashMap<>(in.size() * 2);
                in.forEach((k, v) -> out.put((String) k, convert(connect.valueSchema(), a.getValueType(), v)));
                yield out;
            }
            case STRUCT -> {
                Struct struct = (Struct) value;
                GenericData.Record record = new GenericData.Record(a);
                List<Schema.Field> avroFields = a.getFields();
                for (Field f : connect.fields()) {
                    // Not struct.get: it answers a NULL with the schema's default, so a NULL written into a
                    // column with a default (Debezium carries column defaults) would arrive as the default.
                    record.put(f.index(), convert(f.schema(), avroFields.get(f.index()).schema(),
                            struct.getWithoutDefault(f.name())));
                }
                yield record;
            }
        };
    }

    private static Schema nonNull(Schema avro) {
        if (avro.getType() != Schema.Type.UNION) {
            return avro;
        }
        for (Schema branch : avro.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        return avro;
    }
}
