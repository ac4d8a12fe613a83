package dev.ferry.schemas.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The database-independent type of one column, read from the Avro schema of a field: the Avro
 * type plus the Connect/Debezium semantic name ({@code connect.name}) and the source column
 * parameters Debezium propagates ({@code __debezium.source.column.type}, {@code .length},
 * {@code .scale}). Converts Avro values of that field to plain Java values.
 *
 * @param kind what the column holds; never null
 * @param optional whether NULL is allowed
 * @param precision decimal precision or character length, null when unknown
 * @param scale decimal scale, null when unknown or variable
 * @param sourceType the source database's type name (upper case, for example {@code JSONB}), null when unknown;
 *     for {@link Kind#PG_TEXT} the exact PostgreSQL type as {@code format_type} writes it (for example
 *     {@code numeric(10,2)[]} or {@code public.mood}), never null
 * @param unit for TIME and TIMESTAMP carried as numbers: how many of them make a second (1000 or 1000000)
 */
public record ColumnType(Kind kind, boolean optional, Integer precision, Integer scale, String sourceType, long unit) {

    /**
     * The semantic name of a MariaDB/MySQL {@code TIME} (int64 microseconds, signed, beyond 24 hours):
     * capture gives it to those columns so that the sink does not take them for a time of day.
     */
    public static final String SIGNED_TIME = "dev.ferry.time.MicroDuration";

    static final String SOURCE_TYPE = "__debezium.source.column.type";
    static final String SOURCE_LENGTH = "__debezium.source.column.length";
    static final String SOURCE_SCALE = "__debezium.source.column.scale";

    /** Reads the column type of an Avro field schema (a nullable union is unwrapped). */
    public static ColumnType of(Schema fieldSchema) {
        boolean optional = false;
        Schema s = fieldSchema;
        if (s.getType() == Schema.Type.UNION) {
            for (Schema branch : s.getTypes()) {
                if (branch.getType() == Schema.Type.NULL) {
                    optional = true;
                } else {
                    s = branch;
                }
            }
        }
        String name = s.getProp("connect.name");
        Map<String, String> params = parameters(s);
        String sourceType = params.get(SOURCE_TYPE);
        Integer length = integer(params.get(SOURCE_LENGTH));
        Integer sourceScale = integer(params.get(SOURCE_SCALE));
        if (name == null && s.getLogicalType() != null) {
            name = s.getLogicalType().getName();
        }
        Kind kind = kindOf(s, name);
        if (kind == Kind.PG_TEXT) {
            return new ColumnType(kind, optional, null, null, params.get(PgText.TYPE_PARAMETER), 0);
        }
        Integer precision = length;
        Integer scale = sourceScale;
        long unit = 0;
        switch (kind) {
            case DECIMAL -> {
                precision = integer(params.get("connect.decimal.precision"));
                if (precision == null && s.getObjectProp("precision") instanceof Integer p) {
                    precision = p;
                }
                scale = integer(params.get("scale"));
                if (scale == null && s.getObjectProp("scale") instanceof Integer sc) {
                    scale = sc;
                }
            }
            case VARIABLE_DECIMAL -> scale = null;
            case TIME, TIMESTAMP -> unit = unitOf(name);
            default -> {
            }
        }
        return new ColumnType(kind, optional, precision, scale, sourceType == null ? null : sourceType.toUpperCase(), unit);
    }

    private static Kind kindOf(Schema s, String name) {
        if (name != null) {
            switch (name) {
                case "org.apache.kafka.connect.data.Decimal", "decimal":
                    return Kind.DECIMAL;
                case "io.debezium.data.VariableScaleDecimal":
                    return Kind.VARIABLE_DECIMAL;
                case "io.debezium.time.Date", "org.apache.kafka.connect.data.Date", "date":
                    return Kind.DATE;
                case "io.debezium.time.Time", "io.debezium.time.MicroTime", "io.debezium.time.NanoTime",
                        "org.apache.kafka.connect.data.Time", "time-millis", "time-micros":
                    return Kind.TIME;
                case "io.debezium.time.Timestamp", "io.debezium.time.MicroTimestamp", "io.debezium.time.NanoTimestamp",
                        "org.apache.kafka.connect.data.Timestamp", "timestamp-millis", "timestamp-micros":
                    return Kind.TIMESTAMP;
                case SIGNED_TIME:
                    return Kind.DURATION;
                case "io.debezium.time.ZonedTimestamp":
                    return Kind.TIMESTAMP_TZ;
                case "io.debezium.data.Uuid", "uuid":
                    return Kind.UUID;
                case "io.debezium.data.Json":
                    return Kind.JSON;
                case PgText.SCHEMA_NAME:
                    return Kind.PG_TEXT;
                // MariaDB/MySQL: enum and set travel as their text ("a,c" for a set), year as a
                // number, bit(n > 1) as little-endian bytes (see isBits).
                case "io.debezium.data.Enum", "io.debezium.data.EnumSet":
                    return Kind.STRING;
                case "io.debezium.time.Year":
                    return Kind.INT32;
                case "io.debezium.data.Bits":
                    return Kind.BYTES;
                default:
                    break;
            }
        }
        return switch (s.getType()) {
            case BOOLEAN -> Kind.BOOLEAN;
            case INT -> "int16".equals(s.getProp("connect.type")) || "int8".equals(s.getProp("connect.type"))
                    ? Kind.INT16 : Kind.INT32;
            case LONG -> Kind.INT64;
            case FLOAT -> Kind.FLOAT32;
            case DOUBLE -> Kind.FLOAT64;
            case BYTES, FIXED -> Kind.BYTES;
            case STRING, ENUM -> Kind.STRING;
            default -> throw new IllegalArgumentException("unsupported column schema: " + s);
        };
    }

    private static long unitOf(String name) {
        return switch (name) {
            case "io.debezium.time.MicroTime", "io.debezium.time.MicroTimestamp", "time-micros", "timestamp-micros" -> 1_000_000L;
            case "io.debezium.time.NanoTime", "io.debezium.time.NanoTimestamp" -> 1_000_000_000L;
            default -> 1_000L;
        };
    }

    /**
     * Converts an Avro generic value of this column to a plain Java value: Boolean, Short,
     * Integer, Long, Float, Double, BigDecimal, String, byte[], LocalDate, LocalTime, Duration,
     * LocalDateTime, OffsetDateTime, UUID; JSON and {@link Kind#PG_TEXT} stay a String. Null stays null.
     */
    public Object toJava(Object avro) {
        if (avro == null) {
            return null;
        }
        return switch (kind) {
            case BOOLEAN, INT32, INT64, FLOAT32, FLOAT64 -> avro;
            case INT16 -> ((Number) avro).shortValue();
            case DECIMAL -> new BigDecimal(new BigInteger(bytes(avro)), scale == null ? 0 : scale);
            case VARIABLE_DECIMAL -> {
                GenericRecord r = (GenericRecord) avro;
                yield new BigDecimal(new BigInteger(bytes(r.get("value"))), (Integer) r.get("scale"));
            }
            case STRING, JSON, PG_TEXT -> avro.toString();
            case BYTES -> isBits() ? BitStrings.reversed(bytes(avro)) : bytes(avro);
            case DATE -> LocalDate.ofEpochDay(((Number) avro).longValue());
            case TIME -> LocalTime.ofNanoOfDay(((Number) avro).longValue() * (1_000_000_000L / unit));
            case DURATION -> java.time.Duration.of(((Number) avro).longValue(), java.time.temporal.ChronoUnit.MICROS);
            case TIMESTAMP -> timestamp(((Number) avro).longValue());
            case TIMESTAMP_TZ -> ZonedTimestamps.parse(avro.toString());
            case UUID -> java.util.UUID.fromString(avro.toString());
        };
    }

    /**
     * The inverse of {@link #toJava}: the Avro generic value this column carries for a plain Java
     * value (as read from a database: Number, BigDecimal, String, byte[], LocalDate, LocalTime,
     * LocalDateTime, OffsetDateTime, UUID, Boolean). Null stays null.
     *
     * @throws IllegalArgumentException when the value cannot be represented (for example a
     *     decimal with more fractional digits than the column's scale)
     */
    public Object fromJava(Object java) {
        if (java == null) {
            return null;
        }
        return switch (kind) {
            case BOOLEAN -> java;
            case INT16, INT32 -> ((Number) java).intValue();
            case INT64 -> ((Number) java).longValue();
            case FLOAT32 -> ((Number) java).floatValue();
            case FLOAT64 -> ((Number) java).doubleValue();
            case DECIMAL -> {
                BigDecimal d = ((BigDecimal) java).setScale(scale == null ? 0 : scale, RoundingMode.UNNECESSARY);
                yield ByteBuffer.wrap(d.unscaledValue().toByteArray());
            }
            case VARIABLE_DECIMAL -> throw new IllegalArgumentException(
                    "variable-scale decimals need their record schema; use fromJava(value, schema)");
            case STRING, JSON, PG_TEXT -> java.toString();
            case UUID -> java.toString();
            case BYTES -> ByteBuffer.wrap(isBits() ? BitStrings.reversed((byte[]) java) : (byte[]) java);
            case DATE -> (int) ((LocalDate) java).toEpochDay();
            case TIME -> {
                long nanos = ((LocalTime) java).toNanoOfDay();
                long value = nanos / (1_000_000_000L / unit);
                yield unit == 1_000L ? (Object) (int) value : (Object) value;
            }
            case DURATION -> SignedTimes.micros((java.time.Duration) java);
            case TIMESTAMP -> {
                Instant at = ((LocalDateTime) java).toInstant(ZoneOffset.UTC);
                yield Math.multiplyExact(at.getEpochSecond(), unit) + at.getNano() / (1_000_000_000L / unit);
            }
            case TIMESTAMP_TZ -> ZonedTimestamps.format((OffsetDateTime) java);
        };
    }

    /**
     * Like {@link #fromJava(Object)}, for columns whose Avro value is a record (variable-scale
     * decimals): {@code fieldSchema} is the field's schema.
     */
    public Object fromJava(Object java, Schema fieldSchema) {
        if (kind != Kind.VARIABLE_DECIMAL || java == null) {
            return fromJava(java);
        }
        Schema record = fieldSchema;
        if (record.getType() == Schema.Type.UNION) {
            record = record.getTypes().stream().filter(t -> t.getType() == Schema.Type.RECORD).findFirst().orElseThrow();
        }
        BigDecimal d = (BigDecimal) java;
        org.apache.avro.generic.GenericData.Record r = new org.apache.avro.generic.GenericData.Record(record);
        r.put("scale", d.scale());
        r.put("value", ByteBuffer.wrap(d.unscaledValue().toByteArray()));
        return r;
    }

    /**
     * Whether this is a bit string {@code BIT(n)} (n in {@link #precision}): its Java value is the
     * big-endian bytes, while Debezium's {@code Bits} carry them little-endian.
     */
    public boolean isBits() {
        return kind == Kind.BYTES && "BIT".equals(sourceType);
    }

    private LocalDateTime timestamp(long value) {
        long perSecond = unit;
        long seconds = Math.floorDiv(value, perSecond);
        long fraction = Math.floorMod(value, perSecond);
        return LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds, fraction * (1_000_000_000L / perSecond)), ZoneOffset.UTC);
    }

    private static byte[] bytes(Object avro) {
        if (avro instanceof byte[] b) {
            return b;
        }
        ByteBuffer buffer = ((ByteBuffer) avro).duplicate();
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> parameters(Schema s) {
        Object p = s.getObjectProp("connect.parameters");
        return p instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }

    private static Integer integer(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
