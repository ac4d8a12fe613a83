package dev.ferry.transform.mapping;

import static dev.ferry.transform.TestRecords.key;
import static dev.ferry.transform.TestRecords.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.types.ColumnNames;
import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Kind;
import dev.ferry.transform.TestRecords;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class RowMappingTest {

    private static final Schema KEY_SCHEMA = key(1).getSchema();

    private static RowMapping mapping(Map<String, List<ColumnRule>> columns, List<String> keep, Map<String, String> add,
                                      String softDelete) {
        return new RowMapping(new RowRules(columns, keep, add, softDelete, "ferry.fresh.orders"));
    }

    private static GenericRecord mapped(RowMapping m, GenericRecord row) {
        return assertInstanceOf(MappedRow.Mapped.class, m.mapRow(row, KEY_SCHEMA, false)).record();
    }

    private static List<String> fieldNames(GenericRecord r) {
        return r.getSchema().getFields().stream().map(ColumnNames::columnOf).toList();
    }

    private static final GenericRecord ORDER = row(1, "paid", "12.500", "ann@x.io", "hi", "2024-01-01T10:00:00Z");

    private static GenericRecord pgTextRow(String amount, String placed) {
        Schema text = Schema.create(Schema.Type.STRING);
        text.addProp("connect.name", dev.ferry.schemas.types.PgText.SCHEMA_NAME);
        text.addProp("connect.parameters", Map.of(dev.ferry.schemas.types.PgText.TYPE_PARAMETER, "numeric"));
        Schema ts = Schema.create(Schema.Type.STRING);
        ts.addProp("connect.name", dev.ferry.schemas.types.PgText.SCHEMA_NAME);
        ts.addProp("connect.parameters", Map.of(dev.ferry.schemas.types.PgText.TYPE_PARAMETER, "timestamp with time zone"));
        Schema schema = org.apache.avro.SchemaBuilder.record("Value").fields()
                .name("id").type().longType().noDefault()
                .name("amount").type(text).noDefault()
                .name("placed").type(ts).noDefault()
                .name("tags").type(text).noDefault().endRecord();
        GenericRecord r = new org.apache.avro.generic.GenericData.Record(schema);
        r.put("id", 1L);
        r.put("amount", amount);
        r.put("placed", placed);
        r.put("tags", "{a,NULL}");
        return r;
    }

    @Test
    void aDecimalFieldWithADefaultKeepsItsDefault() {
        Schema decimal = Schema.create(Schema.Type.BYTES);
        decimal.addProp("connect.name", "org.apache.kafka.connect.data.Decimal");
        decimal.addProp("connect.parameters", Map.of("scale", "2"));
        byte[] minus150 = new BigDecimal("-1.50").unscaledValue().toByteArray();
        Schema schema = org.apache.avro.SchemaBuilder.record("Value").fields()
                .name("id").type().longType().noDefault()
                .name("amount").type(Schema.createUnion(decimal, Schema.create(Schema.Type.NULL)))
                .withDefault(ByteBuffer.wrap(minus150)).endRecord();
        GenericRecord r = new org.apache.avro.generic.GenericData.Record(schema);
        r.put("id", 1L);
        r.put("amount", ByteBuffer.wrap(minus150));
        GenericRecord out = mapped(mapping(Map.of(), null, null, null), r);
        Object dflt = out.getSchema().getField("amount").defaultVal();
        assertEquals(List.of(-1, 106), List.of((int) ((byte[]) dflt)[0], (int) ((byte[]) dflt)[1]));
    }

    @Test
    void castsAndMasksPostgresTextValuesByTheCastRulesAndKeepsTheOthersUntouched() {
        RowMapping m = mapping(Map.of("amount", List.of(new ColumnRule.Cast(CastType.decimal(12, 2))),
                "placed", List.of(new ColumnRule.Cast(CastType.parse("timestamp"))),
                "tags", List.of(new ColumnRule.MaskWith(new Mask(Mask.Kind.REDACT, null)))), null, null, null);
        GenericRecord out = mapped(m, pgTextRow("12.505", "2024-03-01 01:30:00.5+05:30"));
        assertEquals(new java.math.BigDecimal("12.51"), ColumnType.of(out.getSchema().getField("amount").schema())
                .toJava(out.get("amount")));
        assertEquals("2024-02-29T20:00:00.500Z", ((java.time.OffsetDateTime) ColumnType.of(out.getSchema().getField("placed")
                .schema()).toJava(out.get("placed"))).toInstant().toString());
        assertEquals(Mask.REDACTED, out.get("tags").toString());
        MappedRow nan = m.mapRow(pgTextRow("NaN", "infinity"), KEY_SCHEMA, false);
        assertInstanceOf(MappedRow.Failed.class, nan, "NaN has no decimal(12,2), infinity no timestamp");

        GenericRecord untouched = mapped(mapping(Map.of(), null, null, null), pgTextRow("NaN", "infinity"));
        assertEquals("NaN", untouched.get("amount").toString());
        assertEquals(dev.ferry.schemas.types.Kind.PG_TEXT, ColumnType.of(untouched.getSchema().getField("tags").schema()).kind());
    }

    @Test
    void renamesToKeywordsAndAwkwardNamesInKeyAndRow() {
        RowMapping m = mapping(Map.of("id", List.of(new ColumnRule.Rename("entityId")),
                "status", List.of(new ColumnRule.Rename("select")),
                "note", List.of(new ColumnRule.Rename("Customer Note"))), null, null, null);
        GenericRecord out = mapped(m, ORDER);
        assertEquals(List.of("entityId", "select", "amount", "email", "Customer Note", "placed"), fieldNames(out));
        assertEquals("hi", out.get(ColumnNames.avroName("Customer Note")).toString());
        GenericRecord k = assertInstanceOf(MappedRow.Mapped.class, m.mapKey(key(1))).record();
        assertEquals(1L, k.get("entityId"));
    }

    @Test
    void dropsColumnsAndKeepsOnlyListedOnesButNeverThePrimaryKey() {
        assertEquals(List.of("id", "status", "amount", "placed"),
                fieldNames(mapped(mapping(Map.of("email", List.of(new ColumnRule.Drop()),
                        "note", List.of(new ColumnRule.Drop())), null, null, null), ORDER)));
        assertEquals(List.of("id", "email"), fieldNames(mapped(mapping(Map.of(), List.of("email"), null, null), ORDER)),
                "the key column id stays although keep does not list it");
    }

    @Test
    void appendsConstantAndSoftDeleteColumns() {
        Map<String, String> add = new LinkedHashMap<>();
        add.put("source_system", "legacy");
        RowMapping m = mapping(Map.of(), null, add, "deleted");
        GenericRecord out = mapped(m, ORDER);
        assertEquals("legacy", out.get("source_system"));
        assertEquals(false, out.get("deleted"));
        assertEquals(Kind.STRING, ColumnType.of(out.getSchema().getField("source_system").schema()).kind());
        assertEquals(false, ColumnType.of(out.getSchema().getField("deleted").schema()).optional());
        GenericRecord deleted = assertInstanceOf(MappedRow.Mapped.class, m.mapRow(ORDER, KEY_SCHEMA, true)).record();
        assertEquals(true, deleted.get("deleted"));
    }

    @Test
    void writesDefaultForNullInTheTargetType() {
        RowMapping m = mapping(Map.of("status", List.of(new ColumnRule.Default("unknown")),
                "amount", List.of(new ColumnRule.Default("0.5"))), null, null, null);
        GenericRecord out = mapped(m, row(2, null, null, null, null, null));
        assertEquals("unknown", out.get("status"));
        assertEquals(new BigDecimal("0.500"), ColumnType.of(out.getSchema().getField("amount").schema()).toJava(out.get("amount")));
        assertEquals("", mapped(m, row(3, "", null, null, null, null)).get("status").toString(), "an empty string is not NULL");
    }

    @Test
    void refusesADefaultThatIsNotOfTheColumnType() {
        RowMapping m = mapping(Map.of("amount", List.of(new ColumnRule.Default("lots"))), null, null, null);
        MappedRow.Failed failed = assertInstanceOf(MappedRow.Failed.class, m.mapRow(ORDER, KEY_SCHEMA, false));
        assertEquals("mapping", failed.failures().get(0).ruleId());
        assertTrue(failed.failures().get(0).message().startsWith("default of column amount: 'lots' is not a decimal"));
    }

    @Test
    void castsChangeTheFieldTypeWithTheSemanticPropertiesTheSinkReads() {
        RowMapping m = mapping(Map.of(
                "amount", List.of(new ColumnRule.Cast(CastType.decimal(12, 2))),
                "status", List.of(new ColumnRule.Cast(CastType.parse("int"))),
                "placed", List.of(new ColumnRule.Cast(CastType.parse("date"))),
                "id", List.of(new ColumnRule.Cast(CastType.parse("string")))), null, null, null);
        GenericRecord out = mapped(m, row(1, "7", "12.505", null, null, "2024-02-29T23:30:00-01:00"));
        ColumnType amount = ColumnType.of(out.getSchema().getField("amount").schema());
        assertEquals(new ColumnType(Kind.DECIMAL, true, 12, 2, null, 0), amount);
        assertEquals("org.apache.kafka.connect.data.Decimal",
                AvroValues.nonNull(out.getSchema().getField("amount").schema()).getProp("connect.name"));
        assertEquals(new BigDecimal("12.51"), amount.toJava(out.get("amount")));
        assertEquals(Kind.INT32, ColumnType.of(out.getSchema().getField("status").schema()).kind());
        assertEquals(7, out.get("status"));
        ColumnType placed = ColumnType.of(out.getSchema().getField("placed").schema());
        assertEquals(Kind.DATE, placed.kind());
        assertEquals(java.time.LocalDate.of(2024, 3, 1), placed.toJava(out.get("placed")));
        assertEquals("1", out.get("id"));
        GenericRecord k = assertInstanceOf(MappedRow.Mapped.class, m.mapKey(key(1))).record();
        assertEquals("1", k.get("id"), "a cast of a key column applies to the key too");
    }

    @Test
    void castToTimestampCarriesAZonedTimestampInUtc() {
        RowMapping m = mapping(Map.of("note", List.of(new ColumnRule.Cast(CastType.parse("timestamp")))), null, null, null);
        GenericRecord out = mapped(m, row(1, null, null, null, "2024-01-01T10:00:00+02:00", null));
        assertEquals("2024-01-01T08:00:00Z", out.get("note"));
        assertEquals(Kind.TIMESTAMP_TZ, ColumnType.of(out.getSchema().getField("note").schema()).kind());
    }

    @Test
    void reportsEveryFailedCastByColumn() {
        RowMapping m = mapping(Map.of("status", List.of(new ColumnRule.Cast(CastType.parse("int"))),
                "amount", List.of(new ColumnRule.Cast(CastType.decimal(3, 2)))), null, null, null);
        MappedRow.Failed failed = assertInstanceOf(MappedRow.Failed.class,
                m.mapRow(row(1, "seven", "12.000", null, null, null), KEY_SCHEMA, false));
        assertEquals(List.of(
                new MappedRow.Failure("columns.status.cast", "column status: cannot cast 'seven' to int: not a number"),
                new MappedRow.Failure("columns.amount.cast",
                        "column amount: cannot cast '12.000' to decimal(3,2): needs more than 1 digits before the point")),
                failed.failures());
    }

    @Test
    void masksStablyAndTurnsTheColumnIntoText() {
        Mask sha = new Mask(Mask.Kind.SHA256, "s3cret");
        RowMapping m = mapping(Map.of("email", List.of(new ColumnRule.MaskWith(sha)),
                "note", List.of(new ColumnRule.MaskWith(new Mask(Mask.Kind.REDACT, null))),
                "amount", List.of(new ColumnRule.MaskWith(new Mask(Mask.Kind.NULL, null))),
                "id", List.of(new ColumnRule.MaskWith(sha))), null, null, null);
        GenericRecord out = mapped(m, ORDER);
        assertEquals(sha.apply("ann@x.io"), out.get("email"));
        assertEquals("[redacted]", out.get("note"));
        assertNull(out.get("amount"));
        assertEquals(Kind.DECIMAL, ColumnType.of(out.getSchema().getField("amount").schema()).kind(),
                "a null mask keeps the column type");
        assertEquals(Kind.STRING, ColumnType.of(out.getSchema().getField("id").schema()).kind());
        GenericRecord k = assertInstanceOf(MappedRow.Mapped.class, m.mapKey(key(1))).record();
        assertEquals(sha.apply(1L), k.get("id"));
        assertEquals(k.get("id"), out.get("id"), "key and row agree, so joins work");
    }

    @Test
    void refusesRedactingAPrimaryKey() {
        RowMapping m = mapping(Map.of("id", List.of(new ColumnRule.MaskWith(new Mask(Mask.Kind.REDACT, null)))), null,
                null, null);
        MappedRow.Failed failed = assertInstanceOf(MappedRow.Failed.class, m.mapKey(key(1)));
        assertTrue(failed.failures().get(0).message().startsWith("primary-key column id cannot be masked with redact"));
    }

    @Test
    void refusesTwoColumnsWithTheSameTargetName() {
        RowMapping m = mapping(Map.of("note", List.of(new ColumnRule.Rename("status"))), null, null, null);
        MappedRow.Failed failed = assertInstanceOf(MappedRow.Failed.class, m.mapRow(ORDER, KEY_SCHEMA, false));
        assertEquals("target column 'status' is produced by both column status and column note",
                failed.failures().get(0).message());
    }

    @Test
    void replacesTheToastPlaceholderByNullAndListsTheTargetColumn() {
        RowMapping m = mapping(Map.of("note", List.of(new ColumnRule.Rename("remark"),
                new ColumnRule.Cast(CastType.parse("int")), new ColumnRule.Default("0"))), null, null, null);
        MappedRow.Mapped out = assertInstanceOf(MappedRow.Mapped.class,
                m.mapRow(row(1, "paid", null, null, RowMapping.UNAVAILABLE, null), KEY_SCHEMA, false));
        assertNull(out.record().get("remark"), "neither cast nor default apply to a value that was not sent");
        assertEquals(List.of("remark"), out.unchanged());
    }

    @Test
    void recognisesTheToastPlaceholderInBinaryColumns() {
        assertTrue(RowMapping.isUnavailable(ByteBuffer.wrap(RowMapping.UNAVAILABLE.getBytes(StandardCharsets.UTF_8))));
        assertTrue(RowMapping.isUnavailable(new org.apache.avro.util.Utf8(RowMapping.UNAVAILABLE)));
        assertTrue(!RowMapping.isUnavailable("__debezium_unavailable_valuE"));
    }

    @Test
    void letsAColumnAddedAtTheSourceFlowThroughAsACompatibleOptionalField() {
        RowMapping m = mapping(Map.of("email", List.of(new ColumnRule.Drop())), null, null, null);
        Schema before = mapped(m, ORDER).getSchema();
        org.apache.kafka.connect.data.Schema wider = SchemaBuilder.struct().name("ferry.legacy.public.orders.Value")
                .optional().field("id", org.apache.kafka.connect.data.Schema.INT64_SCHEMA)
                .field("status", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
                .field("loyalty", org.apache.kafka.connect.data.Schema.OPTIONAL_INT32_SCHEMA).build();
        GenericRecord out = mapped(m, TestRecords.row(wider, new Struct(wider).put("id", 1L).put("status", "new")
                .put("loyalty", 3)));
        assertEquals(3, out.get("loyalty"));
        assertEquals(JsonNull.INSTANCE, JsonNull.of(out.getSchema().getField("loyalty")));
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(out.getSchema(), before).getType(),
                "the new schema reads data written with the old one (backward compatible)");
        assertEquals(List.of("id", "status"), fieldNames(mapped(mapping(Map.of(), List.of("status"), null, null),
                TestRecords.row(wider, new Struct(wider).put("id", 1L).put("loyalty", 3)))),
                "a new column outside a keep list stays out");
    }

    /** The default of a field, as "null default" or not. */
    private enum JsonNull {
        INSTANCE, OTHER;

        static JsonNull of(Schema.Field f) {
            return f.hasDefaultValue() && f.defaultVal() == org.apache.avro.JsonProperties.NULL_VALUE ? INSTANCE : OTHER;
        }
    }
}
