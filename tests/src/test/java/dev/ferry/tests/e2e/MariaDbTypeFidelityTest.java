package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.TopicNames;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MappedTopics;
import dev.ferry.tests.fixtures.TargetDb;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL → MariaDB: what MariaDB can hold arrives exactly (timestamptz as its UTC instant);
 * what it cannot (NaN, ±Infinity, a numeric with more than 30 decimals) is a dead letter with cause
 * {@code type}, never a rounded or zeroed value.
 */
class MariaDbTypeFidelityTest extends TypeFidelityTest {

    @Override
    TargetDb startTarget(String name) {
        return TargetDb.mariadb(name);
    }

    @Test
    void valuesMariaDbCanHoldArriveExactlyAndTheOthersAreDeadLetteredAsTypeErrors() throws Exception {
        Await.until("rows 1, 2 and 7", Duration.ofSeconds(120), this::count, n -> n == 3);
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT * FROM fidelity WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals("1234567890123456789012345678.0123456789", rs.getString("n38"));
                assertEquals(0, new BigDecimal("12345678901234567890.123456789012345678").compareTo(rs.getBigDecimal("nn")));
                assertEquals("2024-02-29 20:00:00.123456", rs.getString("tz"));
                assertEquals("2024-03-01 01:30:00.123456", rs.getString("ts"));
                assertEquals("1999-12-31", rs.getString("d"));
                assertEquals("23:59:59.999999", rs.getString("tm"));
                assertEquals("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", rs.getString("u"));
                assertEquals("{\"b\": 1, \"a\": [1, \"x\", null]}", rs.getString("j"));
                assertEquals("{\"k\": \"v\"}", rs.getString("jb"));
                assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, rs.getBytes("bin"));
                assertEquals("emoji 🚀 𝔸 ünï 中文", rs.getString("t"));
                assertEquals(true, rs.getBoolean("b"));
                assertEquals(1.5e300, rs.getDouble("f"));
            }
            try (ResultSet rs = s.executeQuery("SELECT * FROM fidelity WHERE id = 2")) {
                assertTrue(rs.next());
                ResultSetMetaData meta = rs.getMetaData();
                for (int i = 2; i <= meta.getColumnCount(); i++) {
                    assertNull(rs.getObject(i), meta.getColumnName(i));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT big FROM fidelity WHERE id = 7")) {
                assertTrue(rs.next());
                assertEquals("0123456789abcdef🚀𝔸".repeat(52429), rs.getString(1));
            }
            Map<String, String> types = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT column_name, column_type FROM information_schema.columns "
                    + "WHERE table_schema = 'target' AND table_name = 'fidelity'")) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
            assertEquals("decimal(38,10)", types.get("n38"));
            assertEquals("decimal(65,30)", types.get("nn"));
            assertEquals("datetime(6)", types.get("tz"));
            assertEquals("char(36)", types.get("u"));
            assertEquals("longblob", types.get("bin"));
        }
        String dlq = new TopicNames(pipeline.configs().sinks().get(0).kafka().topics().prefix()).sinkDeadLetters("fresh");
        List<ConsumerRecord<byte[], byte[]>> dead = Await.until("4 dead letters", Duration.ofSeconds(60),
                () -> MappedTopics.readAll(dlq), l -> l.size() == 4);
        try (MappedTopics topics = new MappedTopics()) {
            Map<Long, String> causes = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                long id = (Long) ((GenericRecord) topics.codec().decode(r.key()).datum()).get("id");
                causes.put(id, MappedTopics.header(r, DeadLetterHeaders.ERROR_CAUSE) + ": "
                        + MappedTopics.header(r, DeadLetterHeaders.ERROR_MESSAGE));
            }
            assertEquals(List.of(3L, 4L, 5L, 6L), List.copyOf(causes.keySet()));
            // Each names the table, the key, the column and the value, then why.
            assertTrue(causes.get(3L).matches("type: table fidelity, key \\{\"id\": 3\\}, column \\w+: cannot write value NaN"
                    + " as float\\d+: MariaDB cannot store the floating-point value NaN"), causes.get(3L));
            assertTrue(causes.get(4L).matches("type: table fidelity, key \\{\"id\": 4\\}, column \\w+: cannot write value "
                    + "Infinity as float\\d+: MariaDB cannot store the floating-point value Infinity"), causes.get(4L));
            assertTrue(causes.get(6L).startsWith("type: table fidelity, key {\"id\": 6}, column nn: cannot write value "),
                    causes.get(6L));
            assertTrue(causes.get(6L).contains(": MariaDB column DECIMAL(65,30) cannot hold"), causes.get(6L));
        }
    }

    private long count() throws Exception {
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM fidelity")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }
}
