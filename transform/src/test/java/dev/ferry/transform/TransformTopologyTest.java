package dev.ferry.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.FerryHeaders;
import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.connect.ConnectAvro;
import dev.ferry.schemas.registry.MemorySchemaRegistry;
import dev.ferry.schemas.types.ColumnNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransformTopologyTest {

    private static final String RAW = "ferry.legacy.public.customers";
    private static final String MAPPED = "ferry.newdb.clients";
    private static final String DLQ = "ferry.dlq.transform";

    private static final Schema KEY = SchemaBuilder.struct().name("ferry.legacy.public.customers.Key")
            .field("id", Schema.INT64_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().name("ferry.legacy.public.customers.Value").optional()
            .field("id", Schema.INT64_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().name("ferry.legacy.public.customers.Envelope")
            .field("before", ROW).field("after", ROW).field("source", SOURCE)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private final ConnectAvro connectAvro = new ConnectAvro();
    private final AvroCodec codec = new AvroCodec(new MemorySchemaRegistry());
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<byte[], byte[]> mapped;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void start() {
        TableMapping mapping = new TableMapping("legacy", RAW, "newdb", "clients", MAPPED,
                Map.of("email", "email address", "id", "entityId"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        driver = new TopologyTestDriver(TransformTopology.build(List.of(mapping), DLQ, codec), props);
        raw = driver.createInputTopic(RAW, new ByteArraySerializer(), new ByteArraySerializer());
        mapped = driver.createOutputTopic(MAPPED, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void mapsSnapshotRowWithRenamedColumns() {
        raw.pipeInput(key(1), change("r", null, row(1, "a@x.io", "Ann"), 100L));
        TestRecord<byte[], byte[]> out = mapped.readRecord();
        GenericRecord value = decode(out.value());
        assertEquals(1L, value.get("entityId"));
        assertEquals("Ann", value.get("name").toString());
        org.apache.avro.Schema.Field email = value.getSchema().getField(ColumnNames.avroName("email address"));
        assertEquals("email address", ColumnNames.columnOf(email));
        assertEquals("a@x.io", value.get(ColumnNames.avroName("email address")).toString());
    }

    @Test
    void keysMappedRecordByRenamedPrimaryKey() {
        raw.pipeInput(key(7), change("c", null, row(7, null, "Bo"), 5L));
        GenericRecord key = decode(mapped.readRecord().key());
        assertEquals(7L, key.get("entityId"));
        assertEquals(1, key.getSchema().getFields().size());
    }

    @Test
    void carriesOperationAndSourcePositionHeaders() {
        raw.pipeInput(key(2), change("u", row(2, "o@x", "Old"), row(2, "n@x", "New"), 4242L));
        TestRecord<byte[], byte[]> out = mapped.readRecord();
        assertEquals("u", header(out, FerryHeaders.OPERATION));
        assertEquals("4242", header(out, FerryHeaders.SOURCE_POSITION));
        assertEquals("1700000000000", header(out, FerryHeaders.SOURCE_TS_MS));
        assertEquals("legacy", header(out, FerryHeaders.SOURCE));
    }

    @Test
    void turnsDeleteIntoTombstoneAndSkipsRawTombstone() {
        raw.pipeInput(key(3), change("d", row(3, null, null), null, 9L));
        raw.pipeInput(key(3), (byte[]) null);
        List<TestRecord<byte[], byte[]>> out = mapped.readRecordsToList();
        assertEquals(1, out.size());
        assertNull(out.get(0).value());
        assertEquals(3L, decode(out.get(0).key()).get("entityId"));
        assertEquals("d", header(out.get(0), FerryHeaders.OPERATION));
    }

    @Test
    void deadLettersUndecodableRecordAndGoesOn() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        raw.pipeInput(key(4), garbage);
        raw.pipeInput(key(5), change("c", null, row(5, null, "Eve"), 11L));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertEquals("decode", header(dead, DeadLetterHeaders.ERROR_CAUSE));
        assertEquals("transform", header(dead, DeadLetterHeaders.STAGE));
        assertEquals(RAW, header(dead, DeadLetterHeaders.ORIGIN_TOPIC));
        assertEquals("0", header(dead, DeadLetterHeaders.ORIGIN_OFFSET));
        assertEquals("1", header(dead, DeadLetterHeaders.ATTEMPTS));
        assertTrue(java.util.Arrays.equals(garbage, dead.value()), "original value bytes kept");
        assertEquals(5L, decode(mapped.readRecord().value()).get("entityId"));
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void carriesTruncateMarkerToTheMappedTopicWithItsEffect() {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(FerryHeaders.TRUNCATE_PARTITIONS, "3".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput(new TestRecord<>(dev.ferry.schemas.Truncates.key(), change("t", null, null, 777L), headers));
        raw.pipeInput(key(6), change("c", null, row(6, null, "After"), 778L));

        List<TestRecord<byte[], byte[]>> out = mapped.readRecordsToList();
        assertEquals(2, out.size());
        assertTrue(dev.ferry.schemas.Truncates.isKey(out.get(0).key()));
        assertEquals("t", header(out.get(0), FerryHeaders.OPERATION));
        assertEquals("777", header(out.get(0), FerryHeaders.SOURCE_POSITION));
        assertEquals("3", header(out.get(0), FerryHeaders.TRUNCATE_PARTITIONS));
        assertEquals("hard", header(out.get(0), FerryHeaders.TRUNCATE_EFFECT));
        assertEquals(6L, decode(out.get(1).value()).get("entityId"));
        assertTrue(deadLetters.isEmpty(), "a truncate is no dead letter");
    }

    @Test
    void carriesASnapshotRestartMarkerUnderItsOwnKeyWithItsEffect() {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add(FerryHeaders.TRUNCATE_PARTITIONS, "3".getBytes(StandardCharsets.UTF_8));
        raw.pipeInput(new TestRecord<>(dev.ferry.schemas.Truncates.restartKey(),
                dev.ferry.schemas.Truncates.restartValue("public.users"), headers));

        List<TestRecord<byte[], byte[]>> out = mapped.readRecordsToList();
        assertEquals(1, out.size());
        assertTrue(dev.ferry.schemas.Truncates.isRestartKey(out.get(0).key()));
        assertEquals("3", header(out.get(0), FerryHeaders.TRUNCATE_PARTITIONS));
        assertEquals("hard", header(out.get(0), FerryHeaders.TRUNCATE_EFFECT));
        assertTrue(deadLetters.isEmpty(), "its text value is not decoded");
    }

    private byte[] key(long id) {
        return encode(KEY, new Struct(KEY).put("id", id), true);
    }

    private Struct row(long id, String email, String name) {
        return new Struct(ROW).put("id", id).put("email", email).put("name", name);
    }

    private byte[] change(String op, Struct before, Struct after, long lsn) {
        Struct source = new Struct(SOURCE).put("lsn", lsn).put("ts_ms", 1_700_000_000_000L).put("snapshot", "false");
        return encode(ENVELOPE, new Struct(ENVELOPE).put("before", before).put("after", after)
                .put("source", source).put("op", op).put("ts_ms", 1L), false);
    }

    private byte[] encode(Schema schema, Struct value, boolean isKey) {
        return codec.encode(RAW, isKey, connectAvro.toAvroSchema(schema), connectAvro.toAvro(schema, value));
    }

    private GenericRecord decode(byte[] bytes) {
        return (GenericRecord) codec.decode(bytes).datum();
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
