package dev.ferry.transform.mapping;

import dev.ferry.schemas.types.ColumnType;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/** Plain Java values back to the Avro generic data of a column type: the inverse of {@code ColumnType.toJava}. */
final class AvroValues {

    private AvroValues() {
    }

    /**
     * @param type the column type
     * @param schema the field's schema, nullable union or not
     * @param value a plain Java value of the type's Java class, or null
     */
    static Object toAvro(ColumnType type, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        Schema s = nonNull(schema);
        return switch (type.kind()) {
            case BOOLEAN, INT32, INT64, FLOAT64 -> value;
            case FLOAT32 -> ((Number) value).floatValue();
            case INT16 -> ((Number) value).intValue();
            case DECIMAL -> ByteBuffer.wrap(((BigDecimal) value).setScale(type.scale() == null ? 0 : type.scale())
                    .unscaledValue().toByteArray());
            case VARIABLE_DECIMAL -> {
                BigDecimal d = (BigDecimal) value;
                GenericData.Record r = new GenericData.Record(s);
                r.put("scale", d.scale());
                r.put("value", ByteBuffer.wrap(d.unscaledValue().toByteArray()));
                yield r;
            }
            case STRING, JSON, UUID, PG_TEXT -> value.toString();
            case BYTES -> ByteBuffer.wrap((byte[]) value);
            case DATE -> (int) ((LocalDate) value).toEpochDay();
            case TIME -> {
                long units = ((LocalTime) value).toNanoOfDay() / (1_000_000_000L / type.unit());
                yield s.getType() == Schema.Type.INT ? (Object) (int) units : (Object) units;
            }
            case DURATION -> dev.ferry.schemas.types.SignedTimes.micros((java.time.Duration) value);
            case TIMESTAMP -> {
                var instant = ((LocalDateTime) value).toInstant(ZoneOffset.UTC);
                long perSecond = type.unit();
                yield instant.getEpochSecond() * perSecond + instant.getNano() / (1_000_000_000L / perSecond);
            }
            case TIMESTAMP_TZ -> ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        };
    }

    /** The non-null branch of a nullable union, or the schema itself. */
    static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        return schema;
    }

    /** {@code ["null", schema]}: the nullable form of a schema (unchanged when already nullable). */
    static Schema nullable(Schema schema) {
        if (schema.getType() == Schema.Type.UNION || schema.getType() == Schema.Type.NULL) {
            return schema;
        }
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }
}
