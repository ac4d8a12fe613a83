package dev.ferry.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.FerryHeaders;
import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.connect.ConnectAvro;
import dev.ferry.schemas.registry.MemorySchemaRegistry;
import dev.ferry.transform.mapping.CastType;
import dev.ferry.transform.mapping.ColumnRule;
import dev.ferry.transform.mapping.RowMapping;
import dev.ferry.transform.predicate.PredicateParser;
import dev.ferry.transform.validation.Severity;
import dev.ferry.transform.validation.ValidationRule;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole transform (mapping, filter, validation, deletes, dead letters, counters) under TopologyTestDriver. */
class MappingAndValidationTopologyTest {

    private static final String RAW = "ferry.legacy.public.orders";
    private static final String MAPPED = "ferry.fresh.orders";
    private static final String DLQ = "ferry.dlq.transform";
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private static final Schema KEY = TestRecords.KEY;
    private static final Schema ROW = TestRecords.ROW;
    private static final Schema WIDER = SchemaBuilder.struct().name("ferry.legacy.public.orders.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("status", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(3).parameter("connect.decimal.precision", "10").optional().build())
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("placed", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").version(1).optional().build())
            .field("loyalty", Schema.OPTIONAL_INT32_SCHEMA)
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA).build();

    private final ConnectAvro connectAvro = new ConnectAvro();
    private final MemorySchemaRegistry registry = new MemorySchemaRegistry();
    private final AvroCodec codec = new AvroCodec(registry);
    private final CountingTransformMetrics metrics = new CountingTransformMetrics();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<byte[], byte[]> mapped;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(TableMapping mapping) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        driver = new TopologyTestDriver(TransformTopology.build(List.of(mapping), DLQ, codec, metrics,
                Clock.fixed(NOW, ZoneOffset.UTC)), props);
        raw = driver.createInputTopic(RAW, new ByteArraySerializer(), new ByteArraySerializer());
        mapped = driver.createOutputTopic(MAPPED, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private static TableMapping mapping(Map<String, List<ColumnRule>> columns, String filter, DeleteMode deletes,
                                        List<ValidationRule> rules) {
        return new TableMapping("legacy", RAW, "fresh", "orders", MAPPED, columns, null, Map.of(),
                filter == null ? null : PredicateParser.parse(filter), deletes,
                deletes == DeleteMode.SOFT ? "deleted" : null, rules);
    }

    private static final List<ValidationRule> RULES = List.of(
            new ValidationRule.Regex("email-format", Severity.ERROR, "email", Pattern.compile("[^@]+@[^@]+")),
            new ValidationRule.Range("amount-positive", Severity.WARN, "amount", BigDecimal.ZERO, null));

    @Test
    void deadLettersTheOriginalRecordOfAFailedErrorRuleWithEveryHeaderAndGoesOn() {
        start(mapping(Map.of(), null, DeleteMode.HARD, RULES));
        byte[] key = key(1);
        byte[] value = change("c", null, row(1, "new", "5", "not-an-email", null));
        raw.pipeInput(new TestRecord<>(key, value, Instant.ofEpochMilli(1234)));
        raw.pipeInput(key(2), change("c", null, row(2, "new", "5", "b@x.io", null)));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertArrayEquals(key, dead.key());
        assertArrayEquals(value, dead.value());
        assertEquals(1234, dead.timestamp());
        assertEquals("transform", header(dead, DeadLetterHeaders.STAGE));
        assertEquals("validation", header(dead, DeadLetterHeaders.ERROR_CAUSE));
        assertEquals("error", header(dead, DeadLetterHeaders.ERROR_SEVERITY));
        assertEquals("email-format", header(dead, DeadLetterHeaders.RULE));
        assertEquals(ValidationRule.Regex.class.getName(), header(dead, DeadLetterHeaders.ERROR_CLASS));
        assertEquals("email-format: column email value 'not-an-email' does not match [^@]+@[^@]+",
                header(dead, DeadLetterHeaders.ERROR_MESSAGE));
        assertEquals(RAW, header(dead, DeadLetterHeaders.ORIGIN_TOPIC));
        assertEquals("0", header(dead, DeadLetterHeaders.ORIGIN_PARTITION));
        assertEquals("0", header(dead, DeadLetterHeaders.ORIGIN_OFFSET));
        assertEquals("fresh", header(dead, DeadLetterHeaders.TARGET));
        assertEquals("2026-01-02T03:04:05Z", header(dead, DeadLetterHeaders.FAILED_AT));
        assertEquals("1", header(dead, DeadLetterHeaders.ATTEMPTS));
        assertEquals(2L, decode(mapped.readRecord().value()).get("id"));
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void letsAFailedWarnRulePassAndCountsEveryOutcomePerTableAndRule() {
        start(mapping(Map.of(), "status != 'deleted'", DeleteMode.HARD, RULES));
        raw.pipeInput(key(1), change("c", null, row(1, "new", "-1", "a@x.io", null)));
        raw.pipeInput(key(2), change("c", null, row(2, "new", "3", "a@x.io", null)));
        raw.pipeInput(key(3), change("c", null, row(3, "new", "3", "bad", null)));
        raw.pipeInput(key(4), change("c", null, row(4, "deleted", "3", "bad", null)));

        assertEquals(2, mapped.readRecordsToList().size());
        assertEquals(1, deadLetters.readRecordsToList().size());
        CountingTransformMetrics.Counts counts = metrics.counts("fresh.orders");
        assertEquals(new CountingTransformMetrics.Counts(2, 1, 1, 1, Map.of("email-format", 1L),
                Map.of("amount-positive", 1L)), counts);
    }

    @Test
    void filtersInsertsOutAndTurnsAnUpdateThatNoLongerPassesIntoATombstone() {
        start(mapping(Map.of(), "status != 'deleted' and amount > 0", DeleteMode.HARD, List.of()));
        raw.pipeInput(key(1), change("r", null, row(1, "deleted", "5", null, null)));
        raw.pipeInput(key(2), change("c", null, row(2, "new", "5", null, null)));
        raw.pipeInput(key(2), change("u", row(2, "new", "5", null, null), row(2, "deleted", "5", null, null)));

        List<TestRecord<byte[], byte[]>> out = mapped.readRecordsToList();
        assertEquals(2, out.size());
        assertEquals("new", decode(out.get(0).value()).get("status").toString());
        assertNull(out.get(1).value(), "the row no longer passes the filter: the target must not keep it");
        assertEquals(2L, decode(out.get(1).key()).get("id"));
        assertEquals("d", header(out.get(1), FerryHeaders.OPERATION));
        assertEquals(2, metrics.counts("fresh.orders").filtered());
    }

    @Test
    void deadLettersAFailedCastUnderTheColumnsCastRule() {
        start(mapping(Map.of("status", List.of(new ColumnRule.Cast(CastType.parse("int")))), null, DeleteMode.HARD,
                List.of()));
        raw.pipeInput(key(1), change("c", null, row(1, "seven", "1", null, null)));
        raw.pipeInput(key(2), change("c", null, row(2, "7", "1", null, null)));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertEquals("columns.status.cast", header(dead, DeadLetterHeaders.RULE));
        assertEquals("columns.status.cast: column status: cannot cast 'seven' to int: not a number",
                header(dead, DeadLetterHeaders.ERROR_MESSAGE));
        assertEquals(7, decode(mapped.readRecord().value()).get("status"));
    }

    @Test
    void deadLettersEveryRowWhenTheFilterNamesAColumnTheTableLacks() {
        start(mapping(Map.of(), "stauts = 'new'", DeleteMode.HARD, List.of()));
        raw.pipeInput(key(1), change("c", null, row(1, "new", "1", null, null)));
        assertTrue(header(deadLetters.readRecord(), DeadLetterHeaders.ERROR_MESSAGE)
                .startsWith("filter: the filter reads column 'stauts', which ferry.legacy.public.orders does not have"));
        assertTrue(mapped.isEmpty());
    }

    @Test
    void softDeleteUpdatesTheFlagAndLeavesEveryOtherColumnAlone() {
        start(mapping(Map.of("id", List.of(new ColumnRule.Rename("entityId"))), null, DeleteMode.SOFT, List.of()));
        raw.pipeInput(key(1), change("c", null, row(1, "new", "1", "a@x.io", null)));
        raw.pipeInput(key(1), change("d", row(1, null, null, null, null), null));
        raw.pipeInput(key(1), (byte[]) null);

        List<TestRecord<byte[], byte[]>> out = mapped.readRecordsToList();
        assertEquals(2, out.size());
        assertEquals(false, decode(out.get(0).value()).get("deleted"));
        GenericRecord deleted = decode(out.get(1).value());
        assertEquals(true, deleted.get("deleted"));
        assertEquals(1L, deleted.get("entityId"));
        assertEquals("u", header(out.get(1), FerryHeaders.OPERATION));
        assertEquals("status,amount,email,note,placed", header(out.get(1), FerryHeaders.UNCHANGED_COLUMNS));
    }

    @Test
    void ignoredDeletesWriteNothing() {
        start(mapping(Map.of(), null, DeleteMode.IGNORE, List.of()));
        raw.pipeInput(key(1), change("d", row(1, null, null, null, null), null));
        assertTrue(mapped.isEmpty());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void carriesToastedColumnsAsUnchangedUnderTheirTargetName() {
        start(mapping(Map.of("note", List.of(new ColumnRule.Rename("remark"))), "note is not null", DeleteMode.HARD,
                List.of(new ValidationRule.MaxLength("note-length", Severity.ERROR, "note", 5))));
        raw.pipeInput(key(1), change("u", null, row(1, "paid", "1", null, RowMapping.UNAVAILABLE)));

        TestRecord<byte[], byte[]> out = mapped.readRecord();
        assertNull(decode(out.value()).get("remark"));
        assertEquals("remark", header(out, FerryHeaders.UNCHANGED_COLUMNS));
        assertTrue(deadLetters.isEmpty(), "rules over a column that was not sent are not evaluated");
        assertTrue(new String(out.value(), StandardCharsets.ISO_8859_1).indexOf(RowMapping.UNAVAILABLE) < 0);
    }

    @Test
    void aColumnAddedAtTheSourceFlowsThroughAndTheMappedSchemaEvolvesCompatibly() {
        start(mapping(Map.of("email", List.of(new ColumnRule.Drop())), null, DeleteMode.HARD, List.of()));
        raw.pipeInput(key(1), change("c", null, row(1, "new", "1", "a@x.io", null)));
        Struct wider = new Struct(WIDER).put("id", 2L).put("status", "new").put("email", "b@x.io").put("loyalty", 7);
        raw.pipeInput(key(2), change(WIDER, "c", wider));

        List<TestRecord<byte[], byte[]>> out = mapped.readRecordsToList();
        org.apache.avro.Schema first = codec.decode(out.get(0).value()).schema();
        GenericRecord second = decode(out.get(1).value());
        assertEquals(7, second.get("loyalty"));
        assertNull(second.getSchema().getField("email"));
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(second.getSchema(), first).getType());
        assertTrue(registry.subjects().contains(MAPPED + "-value"));
    }

    private byte[] key(long id) {
        return codec.encode(RAW, true, connectAvro.toAvroSchema(KEY), connectAvro.toAvro(KEY, new Struct(KEY).put("id", id)));
    }

    private static Struct row(long id, String status, String amount, String email, String note) {
        return new Struct(ROW).put("id", id).put("status", status)
                .put("amount", amount == null ? null : new BigDecimal(amount).setScale(3)).put("email", email)
                .put("note", note);
    }

    private byte[] change(String op, Struct before, Struct after) {
        return change(ROW, op, before, after);
    }

    private byte[] change(Schema rowSchema, String op, Struct after) {
        return change(rowSchema, op, null, after);
    }

    private byte[] change(Schema rowSchema, String op, Struct before, Struct after) {
        Schema envelope = SchemaBuilder.struct().name("ferry.legacy.public.orders.Envelope")
                .field("before", rowSchema).field("after", rowSchema).field("source", SOURCE)
                .field("op", Schema.STRING_SCHEMA).build();
        Struct source = new Struct(SOURCE).put("lsn", 42L).put("ts_ms", 1_700_000_000_000L);
        Struct value = new Struct(envelope).put("before", before).put("after", after).put("source", source).put("op", op);
        return codec.encode(RAW, false, connectAvro.toAvroSchema(envelope), connectAvro.toAvro(envelope, value));
    }

    private GenericRecord decode(byte[] bytes) {
        return (GenericRecord) codec.decode(bytes).datum();
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
