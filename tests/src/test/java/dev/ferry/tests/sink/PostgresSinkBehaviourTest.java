package dev.ferry.tests.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.TopicNames;
import dev.ferry.sink.ConflictMode;
import dev.ferry.sink.DdlMode;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MappedTopics;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TargetDb;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** {@link SinkBehaviourTest} against a PostgreSQL target. */
class PostgresSinkBehaviourTest extends SinkBehaviourTest {

    /** A MariaDB {@code TIME} travels as microseconds (MicroTime) and may exceed 24 hours. */
    private static final Schema SHIFT = SchemaBuilder.record("Shift").namespace("t").fields()
            .requiredLong("id")
            .name("length").type(optional(semantic(Schema.create(Schema.Type.LONG), "io.debezium.time.MicroTime")))
            .withDefault(null)
            .endRecord();

    @Override
    TargetDb startTarget() {
        return TargetDb.postgres("sink-behaviour-postgres");
    }

    @Override
    List<String> limitedUserSql(String user, String password, String table) {
        return List.of(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "') THEN "
                        + "CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'; END IF; END $$",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "GRANT USAGE ON SCHEMA public TO " + user,
                "GRANT SELECT, INSERT, UPDATE, DELETE ON " + table + " TO " + user);
    }

    @Override
    List<String> readOnlyUserSql(String user, String password, String table) {
        return List.of(
                "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "') THEN "
                        + "CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'; END IF; END $$",
                "GRANT USAGE ON SCHEMA public TO " + user,
                "GRANT SELECT ON " + table + " TO " + user);
    }

    @Override
    String grantWriteSql(String user, String table) {
        return "GRANT INSERT, UPDATE, DELETE ON " + table + " TO " + user;
    }

    @Override
    String schemaOf(String database) {
        return "public";
    }

    @Test
    void aMariaDbTimeBeyondTwentyFourHoursIsDeadLetteredNotTheEndOfTheSink() throws Exception {
        String prefix = SharedServices.uniquePrefix("longtime");
        String topic = prefix + ".fresh.shifts";
        long micros = ((838L * 60 + 59) * 60 + 59) * 1_000_000L; // 838:59:59, MariaDB's largest TIME
        topics.send(topic, key(1), row(SHIFT, 1L, 3_600_000_000L), Map.of());
        topics.send(topic, key(2), row(SHIFT, 2L, micros), Map.of());
        topics.send(topic, key(3), row(SHIFT, 3L, 7_200_000_000L), Map.of());
        topics.flush();
        var sink = start(prefix, Map.of(topic, "shifts"), DdlMode.CREATE, ConflictMode.LAST_WRITER, Duration.ofMinutes(5));

        Await.until("rows 1 and 3", Duration.ofSeconds(60), () -> count("shifts"), n -> n == 2);
        List<ConsumerRecord<byte[], byte[]>> dead = Await.until("a dead letter", Duration.ofSeconds(30),
                () -> MappedTopics.readAll(new TopicNames(prefix).sinkDeadLetters("fresh")), l -> l.size() == 1);
        assertEquals("type", MappedTopics.header(dead.get(0), DeadLetterHeaders.ERROR_CAUSE));
        String message = MappedTopics.header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE);
        assertTrue(message.startsWith("table shifts, key {\"id\": 2}, column length: cannot write value " + micros),
                message);
        assertEquals("02:00:00", text("SELECT length::text FROM shifts WHERE id = 3"));
        assertEquals(1L, sink.progress().deadLettered().get("shifts"));
        // The sink still applies what comes next.
        topics.send(topic, key(4), row(SHIFT, 4L, 60_000_000L), Map.of());
        topics.flush();
        Await.until("row 4", Duration.ofSeconds(30), () -> count("shifts"), n -> n == 3);
    }
}
