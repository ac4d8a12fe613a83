package dev.ferry.transform.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * A type a column can be cast to: {@code string}, {@code int}, {@code long}, {@code double},
 * {@code decimal(p,s)}, {@code boolean}, {@code date} or {@code timestamp} (an instant, with zone).
 *
 * @param target the kind of type
 * @param precision total digits of a decimal (1..1000), 0 otherwise
 * @param scale digits after the point of a decimal (0..precision), 0 otherwise
 */
public record CastType(Target target, int precision, int scale) {

    /** The spellings accepted in {@code ferry.yaml}, for messages. */
    public static final String SPELLINGS = "string, int, long, double, decimal(p,s), boolean, date, timestamp";

    private static final Pattern DECIMAL = Pattern.compile("decimal\\(\\s*(\\d{1,4})\\s*,\\s*(\\d{1,4})\\s*\\)");

    /** The kinds of cast targets. */
    public enum Target { STRING, INT, LONG, DOUBLE, DECIMAL, BOOLEAN, DATE, TIMESTAMP }

    public CastType {
        if (target == Target.DECIMAL && (precision < 1 || precision > 1000 || scale < 0 || scale > precision)) {
            throw new IllegalArgumentException("decimal precision must be 1..1000 and scale 0..precision, got decimal("
                    + precision + "," + scale + ")");
        }
    }

    public static CastType of(Target target) {
        return new CastType(target, 0, 0);
    }

    public static CastType decimal(int precision, int scale) {
        return new CastType(Target.DECIMAL, precision, scale);
    }

    /**
     * Parses a spelling (case-insensitive).
     *
     * @throws IllegalArgumentException with a message fit for a config problem line
     */
    public static CastType parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DECIMAL.matcher(t);
        if (m.matches()) {
            return decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        for (Target target : Target.values()) {
            if (target != Target.DECIMAL && target.name().toLowerCase(Locale.ROOT).equals(t)) {
                return of(target);
            }
        }
        throw new IllegalArgumentException("unknown type '" + text + "', expected one of: " + SPELLINGS);
    }

    /**
     * The Avro schema of a value of this type (not nullable), with the Connect/Debezium semantic
     * properties the sink reads to create the right target column.
     */
    public Schema avroSchema() {
        return switch (target) {
            case STRING -> Schema.create(Schema.Type.STRING);
            case INT -> connectType(Schema.create(Schema.Type.INT), "int32");
            case LONG -> connectType(Schema.create(Schema.Type.LONG), "int64");
            case DOUBLE -> connectType(Schema.create(Schema.Type.DOUBLE), "float64");
            case BOOLEAN -> connectType(Schema.create(Schema.Type.BOOLEAN), "boolean");
            case DECIMAL -> {
                Schema s = Schema.create(Schema.Type.BYTES);
                LogicalTypes.decimal(precision, scale).addToSchema(s);
                s.addProp("connect.version", 1);
                s.addProp("connect.parameters", Map.of("scale", Integer.toString(scale),
                        "connect.decimal.precision", Integer.toString(precision)));
                s.addProp("connect.name", "org.apache.kafka.connect.data.Decimal");
                yield s;
            }
            case DATE -> semantic(Schema.create(Schema.Type.INT), "io.debezium.time.Date");
            case TIMESTAMP -> semantic(Schema.create(Schema.Type.STRING), "io.debezium.time.ZonedTimestamp");
        };
    }

    private static Schema connectType(Schema s, String type) {
        s.addProp("connect.type", type);
        return s;
    }

    private static Schema semantic(Schema s, String name) {
        s.addProp("connect.version", 1);
        s.addProp("connect.name", name);
        return s;
    }

    @Override
    public String toString() {
        return target == Target.DECIMAL ? "decimal(" + precision + "," + scale + ")" : target.name().toLowerCase(Locale.ROOT);
    }
}
