package dev.ferry.schemas.connect;

import dev.ferry.schemas.types.ColumnNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

/**
 * Carries column names that are not valid Avro names through the Connect → Avro conversion.
 * Debezium hands out struct fields under their real column names ({@code first name},
 * {@code 日本}); Avro refuses those. {@link #avroSafe} renames every struct field to
 * {@link ColumnNames#avroName} before AvroData sees the schema, and {@link #withRealNames} puts
 * the real name back beside it, as the field property {@value ColumnNames#COLUMN_PROP}, in the
 * Avro schema AvroData made. A {@link ColumnNaming} corrects fields the producer named otherwise
 * than their columns. Schemas whose names are all plain and right pass through untouched.
 */
final class FieldNames {

    private FieldNames() {
    }

    /**
     * True when some struct field in {@code schema} (at any depth) is not its own Avro name, or is
     * not named as its column.
     */
    static boolean needsRenaming(org.apache.kafka.connect.data.Schema schema, ColumnNaming naming) {
        return switch (schema.type()) {
            case STRUCT -> schema.fields().stream().anyMatch(f -> !ColumnNames.isPlain(f.name())
                    || !naming.columnOf(schema, f.name()).equals(f.name()) || needsRenaming(f.schema(), naming));
            case ARRAY -> needsRenaming(schema.valueSchema(), naming);
            case MAP -> needsRenaming(schema.keySchema(), naming) || needsRenaming(schema.valueSchema(), naming);
            default -> false;
        };
    }

    /** {@code schema} with every struct field under its Avro name; the same instance if nothing changes. */
    static org.apache.kafka.connect.data.Schema avroSafe(org.apache.kafka.connect.data.Schema schema, ColumnNaming naming) {
        if (!needsRenaming(schema, naming)) {
            return schema;
        }
        SchemaBuilder b = switch (schema.type()) {
            case STRUCT -> {
                SchemaBuilder s = SchemaBuilder.struct();
                for (Field f : schema.fields()) {
                    s.field(ColumnNames.avroName(naming.columnOf(schema, f.name())), avroSafe(f.schema(), naming));
                }
                yield s;
            }
            case ARRAY -> SchemaBuilder.array(avroSafe(schema.valueSchema(), naming));
            case MAP -> SchemaBuilder.map(avroSafe(schema.keySchema(), naming), avroSafe(schema.valueSchema(), naming));
            default -> throw new IllegalStateException("only structs, arrays and maps are renamed");
        };
        b.name(schema.name()).version(schema.version()).doc(schema.doc());
        if (schema.parameters() != null) {
            b.parameters(schema.parameters());
        }
        if (schema.isOptional()) {
            b.optional();
        }
        org.apache.kafka.connect.data.Schema built = b.build();
        if (schema.defaultValue() != null) {
            // Rebuild with the default rebound to the renamed schema (structs carry their schema).
            SchemaBuilder withDefault = copyOf(built);
            withDefault.defaultValue(rebind(schema, built, schema.defaultValue()));
            return withDefault.build();
        }
        return built;
    }

    private static SchemaBuilder copyOf(org.apache.kafka.connect.data.Schema s) {
        SchemaBuilder b = switch (s.type()) {
            case STRUCT -> {
                SchemaBuilder x = SchemaBuilder.struct();
                s.fields().forEach(f -> x.field(f.name(), f.schema()));
                yield x;
            }
            case ARRAY -> SchemaBuilder.array(s.valueSchema());
            case MAP -> SchemaBuilder.map(s.keySchema(), s.valueSchema());
            default -> throw new IllegalStateException("only structs, arrays and maps are renamed");
        };
        b.name(s.name()).version(s.version()).doc(s.doc());
        if (s.parameters() != null) {
            b.parameters(s.parameters());
        }
        return s.isOptional() ? b.optional() : b;
    }

    /** A value of {@code original} as a value of its {@link #avroSafe} copy {@code safe}. */
    static Object rebind(org.apache.kafka.connect.data.Schema original, org.apache.kafka.connect.data.Schema safe,
                         Object value) {
        if (value == null || original == safe) {
            return value;
        }
        return switch (original.type()) {
            case STRUCT -> {
                Struct in = (Struct) value;
                Struct out = new Struct(safe);
                for (Field f : original.fields()) {
                    Field to = safe.fields().get(f.index());
                    out.put(to, rebind(f.schema(), to.schema(), in.get(f)));
                }
                yield out;
            }
            case ARRAY -> {
                List<Object> out = new ArrayList<>();
                for (Object e : (List<?>) value) {
                    out.add(rebind(original.valueSchema(), safe.valueSchema(), e));
                }
                yield out;
            }
            case MAP -> {
                Map<Object, Object> out = new HashMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> out.put(rebind(original.keySchema(), safe.keySchema(), k),
                        rebind(original.valueSchema(), safe.valueSchema(), v)));
                yield out;
            }
            default -> value;
        };
    }

    /**
     * The Avro schema AvroData made from {@code avroSafe(original)}, with each record field whose
     * column name is not its Avro name carrying the real name in {@value ColumnNames#COLUMN_PROP}.
     * A new schema (AvroData's cached one is left as it is); {@code avro} itself when nothing changes.
     */
    static Schema withRealNames(org.apache.kafka.connect.data.Schema original, Schema avro, ColumnNaming naming) {
        if (!needsRenaming(original, naming)) {
            return avro;
        }
        return new Copier(naming).copy(original, avro);
    }

    /** Copies an Avro schema once per named record (a record referenced twice stays one record). */
    private static final class Copier {
        private final Map<Schema, Schema> copies = new IdentityHashMap<>();
        private final ColumnNaming naming;

        Copier(ColumnNaming naming) {
            this.naming = naming;
        }

        Schema copy(org.apache.kafka.connect.data.Schema connect, Schema avro) {
            if (!needsRenaming(connect, naming)) {
                return avro;
            }
            return switch (avro.getType()) {
                case UNION -> {
                    List<Schema> branches = new ArrayList<>();
                    for (Schema branch : avro.getTypes()) {
                        branches.add(branch.getType() == Schema.Type.NULL ? branch : copy(connect, branch));
                    }
                    yield Schema.createUnion(branches);
                }
                case RECORD -> record(connect, avro);
                case ARRAY -> withProps(avro, Schema.createArray(copy(connect.valueSchema(), avro.getElementType())));
                case MAP -> withProps(avro, Schema.createMap(copy(connect.valueSchema(), avro.getValueType())));
                default -> avro;
            };
        }

        private Schema record(org.apache.kafka.connect.data.Schema connect, Schema avro) {
            Schema done = copies.get(avro);
            if (done != null) {
                return done;
            }
            Schema record = Schema.createRecord(avro.getName(), avro.getDoc(), avro.getNamespace(), avro.isError());
            copies.put(avro, record);
            List<Schema.Field> fields = new ArrayList<>();
            for (Field f : connect.fields()) {
                Schema.Field from = avro.getFields().get(f.index());
                Schema.Field to = new Schema.Field(from.name(), copy(f.schema(), from.schema()), from.doc(),
                        from.defaultVal(), from.order());
                from.getObjectProps().forEach(to::addProp);
                from.aliases().forEach(to::addAlias);
                String column = naming.columnOf(connect, f.name());
                if (!to.name().equals(column)) {
                    to.addProp(ColumnNames.COLUMN_PROP, column);
                }
                fields.add(to);
            }
            record.setFields(fields);
            return withProps(avro, record);
        }

        private static Schema withProps(Schema from, Schema to) {
            from.getObjectProps().forEach(to::addProp);
            if (from.getLogicalType() != null) {
                from.getLogicalType().addToSchema(to);
            }
            return to;
        }
    }
}
