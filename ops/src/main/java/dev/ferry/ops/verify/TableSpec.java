package dev.ferry.ops.verify;

import dev.ferry.schemas.registry.SchemaRegistry;
import dev.ferry.schemas.types.ColumnNames;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Kind;
import dev.ferry.transform.ChangeTransformer;
import dev.ferry.transform.TableMapping;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Everything verify needs to know about one mapping, read from the schemas the pipeline
 * registered: the source columns as capture sees them (the raw {@code after} row), the target
 * columns as the mapping writes them, both primary keys, and the mapping itself.
 *
 * @param mapping the pipeline's mapping of this table
 * @param sourceSchema source schema (PostgreSQL) or database
 * @param sourceTable source table
 * @param envelopeSchema Avro schema of the raw change envelope
 * @param rowSchema Avro schema of the raw row ({@code after})
 * @param keySchema Avro schema of the raw key
 * @param sourceKey source primary-key columns, in key order
 * @param columns the compared target columns (every column of the mapped row)
 * @param targetKey target primary-key columns, in key order (the mapped names of sourceKey)
 */
record TableSpec(TableMapping mapping, String sourceSchema, String sourceTable, Schema envelopeSchema, Schema rowSchema,
                 Schema keySchema, List<String> sourceKey, List<Column> columns, List<Column> targetKey) {

    /** A compared target column and its type. */
    record Column(String name, ColumnType type) {
    }

    /**
     * @throws VerifyException when the pipeline has not captured or mapped the table yet
     */
    static TableSpec of(TableMapping mapping, String sourceSchema, String sourceTable, SchemaRegistry registry) {
        Schema envelope = latest(registry, mapping.rawTopic() + "-value", "captured");
        Schema rawKey = latest(registry, mapping.rawTopic() + "-key", "captured");
        Schema mappedValue = latest(registry, mapping.mappedTopic() + "-value", "mapped");
        Schema mappedKey = latest(registry, mapping.mappedTopic() + "-key", "mapped");
        Schema row = nonNull(envelope.getField("after").schema());
        List<String> sourceKey = rawKey.getFields().stream().map(ColumnNames::columnOf).toList();
        return new TableSpec(mapping, sourceSchema, sourceTable, envelope, row, rawKey, sourceKey, columns(mappedValue),
                columns(mappedKey));
    }

    /** The pipeline's own transformation of this table's changes. */
    ChangeTransformer transformer() {
        return new ChangeTransformer(mapping);
    }

    int columnIndex(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    List<String> targetKeyNames() {
        return targetKey.stream().map(Column::name).toList();
    }

    private static List<Column> columns(Schema record) {
        List<Column> result = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            result.add(new Column(ColumnNames.columnOf(f), ColumnType.of(f.schema())));
        }
        return List.copyOf(result);
    }

    static boolean sortsAsText(Kind kind) {
        return kind == Kind.STRING || kind == Kind.JSON;
    }

    private static Schema latest(SchemaRegistry registry, String subject, String what) {
        return registry.latest(subject).orElseThrow(() -> new VerifyException(
                "no schema under " + subject + ": the pipeline has not " + what + " this table yet"
                        + (what.equals("mapped") ? " (or every row of it was dead-lettered: ferry dlq list)" : "")));
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        return s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
    }
}
