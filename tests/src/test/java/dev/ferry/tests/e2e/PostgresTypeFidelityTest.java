package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.verify.TableComparison;
import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.TopicNames;
import dev.ferry.tests.fixtures.MappedTopics;
import dev.ferry.tests.fixtures.PostgresTypesTable;
import dev.ferry.capture.SnapshotSignals;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PostgreSQL → PostgreSQL: every value arrives exactly, NaN and infinities included. */
class PostgresTypeFidelityTest extends TypeFidelityTest {

    @Override
    TargetDb startTarget(String name) {
        return TargetDb.postgres(name);
    }

    @Override
    List<String> moreTables() {
        return List.of("public." + PostgresTypesTable.NAME);
    }

    @Override
    void createMoreTables(Connection source) throws Exception {
        PostgresTypesTable.createTypes(source);
        try (Connection t = target.connect()) {
            // Ferry creates tables, not types: enum, composite, domain and extension exist in the target.
            PostgresTypesTable.createTypes(t);
        }
        PostgresTypesTable.create(source, BIG_TEXT_SQL);
    }

    /**
     * Every built-in type, snapshot then stream, judged by PostgreSQL's own rendering of each row
     * ({@code row_to_json}) on both sides and by the column types ({@code format_type}).
     */
    @Test
    void everyBuiltInTypeKeepsItsTypeAndItsExactValueThroughSnapshotAndStream() throws Exception {
        String rows = "SELECT id, row_to_json(t)::text FROM pg_types t WHERE id <> 200 ORDER BY id";
        awaitSame("snapshot of every type", rows);
        assertEquals(rendered(pg::source, COLUMN_TYPES), rendered(target::connect, COLUMN_TYPES), "column types");
        try (Connection s = pg.source()) {
            PostgresTypesTable.stream(s);
            PostgresTypesTable.insertStreamedTimetz(s);
        }
        List<String> streamed = awaitSame("stream of every type", rows);
        assertEquals(18, streamed.size(), "rows 1-10 and 101-110 but 103 and 105");

        String dlq = new TopicNames(pipeline.configs().sinks().get(0).kafka().topics().prefix()).sinkDeadLetters("fresh");
        List<ConsumerRecord<byte[], byte[]>> dead = Await.until("the streamed timetz dead-lettered", Duration.ofSeconds(60),
                () -> MappedTopics.readAll(dlq), l -> !l.isEmpty());
        assertEquals(1, dead.size());
        assertEquals("type", MappedTopics.header(dead.get(0), DeadLetterHeaders.ERROR_CAUSE));
        String message = MappedTopics.header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE);
        assertTrue(message.contains("public.pg_types.ttz") && message.contains("timetz"), message);
        try (MappedTopics topics = new MappedTopics()) {
            assertEquals(200L, ((GenericRecord) topics.codec().decode(dead.get(0).key()).datum()).get("id"));
        }

        // A re-snapshot reads through JDBC getObject (Debezium's incremental snapshot takes no query of
        // Ferry's): the same text, except what JDBC cannot hand over exactly, which is refused.
        try (Connection t = target.connect(); Statement s = t.createStatement()) {
            s.execute("DELETE FROM pg_types");
        }
        SnapshotSignals.requestIncrementalSnapshot(pipeline.configs().kafka(), "legacy", List.of("public.pg_types"));
        String reread = "SELECT id, row_to_json(t)::text FROM pg_types t WHERE id NOT IN (3, 4, 101, 104, 7, 107) ORDER BY id";
        assertEquals(13, awaitSame("re-snapshot of every type", reread).size(), "rows 200 (timetz read by JDBC) included");
        List<ConsumerRecord<byte[], byte[]>> refused = Await.until("refused re-snapshot values dead-lettered",
                Duration.ofSeconds(60), () -> MappedTopics.readAll(dlq), l -> l.size() == 7);
        // The dead-letter topic is read partition by partition, so the streamed timetz (id 200) is
        // not necessarily first: key every dead letter by its row.
        Map<Long, String> why = new TreeMap<>();
        try (MappedTopics topics = new MappedTopics()) {
            for (ConsumerRecord<byte[], byte[]> r : refused) {
                assertEquals("type", MappedTopics.header(r, DeadLetterHeaders.ERROR_CAUSE));
                why.put((Long) ((GenericRecord) topics.codec().decode(r.key()).datum()).get("id"),
                        MappedTopics.header(r, DeadLetterHeaders.ERROR_MESSAGE));
            }
        }
        assertEquals(List.of(3L, 4L, 7L, 101L, 104L, 107L, 200L), List.copyOf(why.keySet()));
        assertTrue(why.get(200L).contains("timetz"), why.get(200L));
        assertTrue(why.get(3L).contains("public.pg_types.m") && why.get(3L).contains("money"), why.get(3L));
        assertTrue(why.get(107L).contains("1582-10-05"), why.get(107L));
    }

    private static final String COLUMN_TYPES = "SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute"
            + " WHERE attrelid = 'public.pg_types'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attname";

    private List<String> awaitSame(String what, String sql) throws Exception {
        List<String> target = Await.until(what, Duration.ofSeconds(180), () -> {
            try {
                return rendered(this.target::connect, sql);
            } catch (java.sql.SQLException e) {
                return List.<String>of();
            }
        }, t -> t.equals(uncheckedRendered(sql)));
        assertEquals(rendered(pg::source, sql), target);
        return target;
    }

    private List<String> uncheckedRendered(String sql) {
        try {
            return rendered(pg::source, sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface Connector {
        Connection connect() throws java.sql.SQLException;
    }

    private static List<String> rendered(Connector db, String sql) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i == 1 ? "" : " ").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    @Test
    void everyValueArrivesExactly() throws Exception {
        TableComparison.Result result = Await.until("target identical to source", Duration.ofSeconds(120), () -> {
            try (Connection s = pg.source(); Connection t = target.connect()) {
                return TableComparison.compare(s, t, "public", TABLE);
            }
        }, TableComparison.Result::identical);
        assertEquals(7, result.targetRows());
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                     + "WHERE attrelid = 'fidelity'::regclass AND attname IN ('n38', 'nn', 'tz', 'jb') ORDER BY attnum")) {
            StringBuilder types = new StringBuilder();
            while (rs.next()) {
                types.append(rs.getString(1)).append(';');
            }
            assertEquals("numeric(38,10);numeric;timestamp with time zone;jsonb;", types.toString());
        }
        try (Connection t = target.connect(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT f::text, nn::text, length(big) FROM fidelity WHERE id IN (3, 6, 7) ORDER BY id")) {
            assertTrue(rs.next());
            assertEquals("NaN", rs.getString(1));
            assertTrue(rs.next());
            assertEquals("0.12345678901234567890123456789012345678901", rs.getString(2));
            assertTrue(rs.next());
            assertEquals(52429 * 18, rs.getInt(3));
        }
    }
}
