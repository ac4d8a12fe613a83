package dev.ferry.tests.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.FerryHeaders;
import dev.ferry.schemas.TopicNames;
import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.registry.RegistryAddress;
import dev.ferry.sink.ConflictMode;
import dev.ferry.sink.DdlMode;
import dev.ferry.sink.SinkConfig;
import dev.ferry.sink.SinkLimits;
import dev.ferry.sink.SinkStage;
import dev.ferry.sink.TableRoute;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TargetDb;
import dev.ferry.tests.fixtures.MappedTopics;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sink alone, against a real target database and the real broker: mapped records are written
 * straight into the mapped topics, a {@link SinkStage} applies them. Written once, run against each
 * target database by a thin subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SinkBehaviourTest {

    private static final Schema KEY = SchemaBuilder.record("Key").namespace("t").fields().requiredLong("id").endRecord();
    static final Schema ACCOUNT = SchemaBuilder.record("Account").namespace("t").fields()
            .requiredLong("id").optionalLong("amount").endRecord();
    private static final Schema CHILD = SchemaBuilder.record("Child").namespace("t").fields()
            .requiredLong("id").optionalLong("parent_id").endRecord();
    private static final Schema DOC = SchemaBuilder.record("Doc").namespace("t").fields()
            .requiredLong("id").optionalString("name").optionalString("body").endRecord();
    private static final Schema DOC_V2 = SchemaBuilder.record("Doc").namespace("t").fields()
            .requiredLong("id").optionalString("name").optionalString("body").optionalString("note").endRecord();

    /** A row whose {@code u} travels as a Debezium UUID and {@code d} as a Debezium date (days). */
    private static final Schema ODD = SchemaBuilder.record("Odd").namespace("t").fields()
            .requiredLong("id")
            .name("u").type(optional(semantic(Schema.create(Schema.Type.STRING), "io.debezium.data.Uuid"))).withDefault(null)
            .name("d").type(optional(semantic(Schema.create(Schema.Type.INT), "io.debezium.time.Date"))).withDefault(null)
            .optionalString("note")
            .endRecord();

    TargetDb db;
    MappedTopics topics;
    final List<SinkStage> sinks = new ArrayList<>();

    /** Starts the target database under test. */
    abstract TargetDb startTarget();

    /** SQL that creates a user who may only read {@code table}. */
    abstract List<String> readOnlyUserSql(String user, String password, String table);

    /** SQL that lets {@code user} write {@code table}. */
    abstract String grantWriteSql(String user, String table);

    /** The schema Ferry writes to in another database {@code database} of the server. */
    abstract String schemaOf(String database);

    /** SQL that creates a user who may only read and write {@code table}: no CREATE, nothing else. */
    abstract List<String> limitedUserSql(String user, String password, String table);

    @BeforeAll
    void startServices() {
        db = startTarget();
        topics = new MappedTopics();
    }

    @AfterEach
    void stopSinks() {
        sinks.forEach(SinkStage::close);
        sinks.clear();
    }

    @AfterAll
    void stopServices() {
        if (topics != null) {
            topics.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void rowViolatingACheckConstraintIsDeadLetteredWithItsHeadersAndTheOthersLand() throws Exception {
        execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, amount BIGINT CHECK (amount >= 0))");
        String prefix = SharedServices.uniquePrefix("check" + db.type());
        String topic = prefix + ".fresh.accounts";
        for (long i = 1; i <= 50; i++) {
            topics.send(topic, key(i), row(ACCOUNT, i, i == 17 ? -5L : i * 10), Map.of());
        }
        topics.flush();
        SinkStage sink = start(prefix, Map.of(topic, "accounts"), DdlMode.CREATE, ConflictMode.LAST_WRITER, Duration.ofMinutes(5));

        Await.until("49 accounts", Duration.ofSeconds(60), () -> count("accounts"), n -> n == 49);
        String dlq = new TopicNames(prefix).sinkDeadLetters("fresh");
        List<ConsumerRecord<byte[], byte[]>> dead = Await.until("one dead letter", Duration.ofSeconds(30),
                () -> MappedTopics.readAll(dlq), l -> l.size() == 1);
        ConsumerRecord<byte[], byte[]> letter = dead.get(0);
        assertEquals(17L, ((GenericRecord) topics.codec().decode(letter.key()).datum()).get("id"));
        assertEquals("sink", MappedTopics.header(letter, DeadLetterHeaders.STAGE));
        assertEquals("constraint", MappedTopics.header(letter, DeadLetterHeaders.ERROR_CAUSE));
        assertEquals(topic, MappedTopics.header(letter, DeadLetterHeaders.ORIGIN_TOPIC));
        assertEquals("fresh", MappedTopics.header(letter, DeadLetterHeaders.TARGET));
        assertTrue(MappedTopics.header(letter, DeadLetterHeaders.ERROR_MESSAGE).toLowerCase().contains("check")
                || MappedTopics.header(letter, DeadLetterHeaders.ERROR_MESSAGE).toLowerCase().contains("constraint"));
        assertEquals(1L, sink.progress().deadLettered().get("accounts"));
        Map<String, Long> outcomes = Await.until("batch log", Duration.ofSeconds(10), () -> batchLogOutcomes("accounts"),
                m -> m.getOrDefault("applied", 0L) == 49 && m.getOrDefault("dead-lettered", 0L) == 1);
        assertEquals(49L, outcomes.get("applied"));
    }

    @Test
    void childRowsStreamedBeforeTheirParentsLandOnceTheParentArrivesAndOrphansAreDeadLetteredInTime() throws Exception {
        execute("CREATE TABLE parents (id BIGINT PRIMARY KEY, amount BIGINT)");
        execute("CREATE TABLE children (id BIGINT PRIMARY KEY, parent_id BIGINT, "
                + "CONSTRAINT children_parent FOREIGN KEY (parent_id) REFERENCES parents (id))");
        String prefix = SharedServices.uniquePrefix("fk" + db.type());
        String parentTopic = prefix + ".fresh.parents";
        String childTopic = prefix + ".fresh.children";
        for (long i = 1; i <= 20; i++) {
            topics.send(childTopic, key(i), row(CHILD, i, i), Map.of());
        }
        topics.send(childTopic, key(99), row(CHILD, 99L, 999L), Map.of()); // its parent never comes
        topics.send(parentTopic, key(1000), row(ACCOUNT, 1000L, 1L), Map.of()); // another table goes on
        topics.flush();
        SinkStage sink = start(prefix, Map.of(parentTopic, "parents", childTopic, "children"), DdlMode.CREATE,
                ConflictMode.LAST_WRITER, Duration.ofSeconds(15));

        Await.until("the unrelated parent applied while children wait", Duration.ofSeconds(60),
                () -> count("parents"), n -> n == 1);
        Await.until("children parked", Duration.ofSeconds(30), () -> sink.progress().parked(), n -> n == 21);
        assertEquals(0, count("children"));
        assertTrue(sink.progress().status().contains("waiting for their parent"), sink.progress().status());
        for (long i = 1; i <= 20; i++) {
            topics.send(parentTopic, key(i), row(ACCOUNT, i, i), Map.of());
        }
        topics.flush();

        Await.until("20 children", Duration.ofSeconds(60), () -> count("children"), n -> n == 20);
        String dlq = new TopicNames(prefix).sinkDeadLetters("fresh");
        List<ConsumerRecord<byte[], byte[]>> dead = Await.until("the orphan dead-lettered", Duration.ofSeconds(60),
                () -> MappedTopics.readAll(dlq), l -> l.size() == 1);
        assertEquals("constraint", MappedTopics.header(dead.get(0), DeadLetterHeaders.ERROR_CAUSE));
        assertTrue(MappedTopics.header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE).contains("parent row still missing"));
        Await.until("nothing parked", Duration.ofSeconds(10), () -> sink.progress().parked(), n -> n == 0);
    }

    @Test
    void newerWinsKeepsTheNewerStateWhenOlderRecordsAreReplayed() throws Exception {
        String prefix = SharedServices.uniquePrefix("newer" + db.type());
        String topic = prefix + ".fresh.versions";
        topics.send(topic, key(1), row(DOC, 1L, "new", "b"), Map.of(FerryHeaders.SOURCE_POSITION, "200"));
        topics.send(topic, key(2), row(DOC, 2L, "doomed", "b"), Map.of(FerryHeaders.SOURCE_POSITION, "300"));
        topics.send(topic, key(2), null, Map.of(FerryHeaders.SOURCE_POSITION, "400"));
        topics.flush();
        start(prefix, Map.of(topic, "versions"), DdlMode.CREATE, ConflictMode.NEWER_WINS, Duration.ofMinutes(5));
        Await.until("row 1 written", Duration.ofSeconds(60), () -> count("versions"), n -> n == 1);

        // A replay of older changes, one per batch and all in one: none may win.
        topics.send(topic, key(1), row(DOC, 1L, "old", "a"), Map.of(FerryHeaders.SOURCE_POSITION, "100"));
        topics.send(topic, key(1), null, Map.of(FerryHeaders.SOURCE_POSITION, "150"));
        topics.send(topic, key(1), row(DOC, 1L, "older", "a"), Map.of(FerryHeaders.SOURCE_POSITION, "199"));
        topics.send(topic, key(3), row(DOC, 3L, "marker", null), Map.of(FerryHeaders.SOURCE_POSITION, "500"));
        topics.flush();

        Await.until("marker row", Duration.ofSeconds(60), () -> count("versions"), n -> n == 2);
        assertEquals("new", text("SELECT name FROM versions WHERE id = 1"));
        assertEquals("200", text("SELECT " + quote("__ferry_position") + " FROM versions WHERE id = 1"));
    }

    @Test
    void partialUpdateKeepsTheValuesOfColumnsTheSourceDidNotSend() throws Exception {
        String prefix = SharedServices.uniquePrefix("partial" + db.type());
        String topic = prefix + ".fresh.docs";
        topics.send(topic, key(1), row(DOC, 1L, "a", "big body one"), Map.of());
        topics.flush();
        start(prefix, Map.of(topic, "docs"), DdlMode.CREATE, ConflictMode.LAST_WRITER, Duration.ofMinutes(5));
        Await.until("row 1", Duration.ofSeconds(60), () -> count("docs"), n -> n == 1);

        topics.send(topic, key(1), row(DOC, 1L, "renamed", null), Map.of(FerryHeaders.UNCHANGED_COLUMNS, "body"));
        // Full then partial of one row in one batch: merged.
        topics.send(topic, key(2), row(DOC, 2L, "b", "big body two"), Map.of());
        topics.send(topic, key(2), row(DOC, 2L, "b2", null), Map.of(FerryHeaders.UNCHANGED_COLUMNS, "body"));
        topics.flush();

        Await.until("row 2", Duration.ofSeconds(60), () -> text("SELECT name FROM docs WHERE id = 2"), "b2"::equals);
        Await.until("row 1 renamed", Duration.ofSeconds(10), () -> text("SELECT name FROM docs WHERE id = 1"),
                "renamed"::equals);
        assertEquals("big body one", text("SELECT body FROM docs WHERE id = 1"));
        assertEquals("big body two", text("SELECT body FROM docs WHERE id = 2"));
    }

    @Test
    void ddlEvolveAddsTheColumnANewRecordSchemaBrings() throws Exception {
        String prefix = SharedServices.uniquePrefix("evolve" + db.type());
        String topic = prefix + ".fresh.evolving";
        topics.send(topic, key(1), row(DOC, 1L, "v1", "b"), Map.of());
        topics.send(topic, key(2), row(DOC_V2, 2L, "v2", "b", "a note"), Map.of());
        topics.flush();
        start(prefix, Map.of(topic, "evolving"), DdlMode.EVOLVE, ConflictMode.LAST_WRITER, Duration.ofMinutes(5));

        Await.until("both rows", Duration.ofSeconds(60), () -> count("evolving"), n -> n == 2);
        assertEquals("a note", text("SELECT note FROM evolving WHERE id = 2"));
        assertEquals(null, text("SELECT note FROM evolving WHERE id = 1"));
    }

    @Test
    void ddlNoneDeadLettersRowsWithAColumnTheTableLacks() throws Exception {
        execute("CREATE TABLE strict_docs (id BIGINT PRIMARY KEY, name VARCHAR(50), body TEXT)");
        String prefix = SharedServices.uniquePrefix("none" + db.type());
        String topic = prefix + ".fresh.strict_docs";
        topics.send(topic, key(1), row(DOC, 1L, "fits", "b"), Map.of());
        topics.send(topic, key(2), row(DOC_V2, 2L, "does not fit", "b", "note"), Map.of());
        topics.flush();
        start(prefix, Map.of(topic, "strict_docs"), DdlMode.NONE, ConflictMode.LAST_WRITER, Duration.ofMinutes(5));

        Await.until("row 1", Duration.ofSeconds(60), () -> count("strict_docs"), n -> n == 1);
        List<ConsumerRecord<byte[], byte[]>> dead = Await.until("a dead letter", Duration.ofSeconds(30),
                () -> MappedTopics.readAll(new TopicNames(prefix).sinkDeadLetters("fresh")), l -> l.size() == 1);
        assertEquals("schema", MappedTopics.header(dead.get(0), DeadLetterHeaders.ERROR_CAUSE));
        assertTrue(MappedTopics.header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE).contains("has no column note"));
    }

    @Test
    void aTargetUserWhoMayNotCreateTheBatchLogStillGetsEveryRowApplied() throws Exception {
        execute("CREATE TABLE limited_accounts (id BIGINT PRIMARY KEY, amount BIGINT)");
        for (String sql : limitedUserSql("limited", "limited-secret", "limited_accounts")) {
            execute(sql);
        }
        String prefix = SharedServices.uniquePrefix("limited" + db.type());
        String topic = prefix + ".fresh.limited_accounts";
        for (long i = 1; i <= 30; i++) {
            topics.send(topic, key(i), row(ACCOUNT, i, i * 10), Map.of());
        }
        topics.flush();
        SinkStage sink = start(prefix, Map.of(topic, "limited_accounts"), DdlMode.NONE, ConflictMode.LAST_WRITER,
                Duration.ofMinutes(5), "limited", "limited-secret");

        Await.until("30 accounts", Duration.ofSeconds(60), () -> count("limited_accounts"), n -> n == 30);
        assertEquals(300L, Long.parseLong(text("SELECT amount FROM limited_accounts WHERE id = 30")));
        assertEquals(0L, sink.progress().deadLettered().getOrDefault("limited_accounts", 0L));
        assertTrue(MappedTopics.readAll(new TopicNames(prefix).sinkDeadLetters("fresh")).isEmpty());
    }

    @Test
    void aValueTheSinkCannotConvertOrTheTargetRefusesIsDeadLetteredWithItsPlaceAndEveryOtherRowLandsAlsoAfterARestart()
            throws Exception {
        String prefix = SharedServices.uniquePrefix("odd" + db.type());
        String topic = prefix + ".fresh.odd_values";
        for (long i = 1; i <= 30; i++) {
            // Row 7: a UUID that is not one (the conversion throws); row 13: a date no database holds
            // (day 2^31 - 1, year 5881580: the target refuses it).
            topics.send(topic, key(i), row(ODD, i, i == 7 ? "not-a-uuid" : "a0eebc99-9c0b-4ef8-bb6d-6bb9bd38" + (1000 + i),
                    i == 13 ? Integer.MAX_VALUE : 19_000, "row " + i), Map.of());
        }
        topics.flush();
        SinkStage sink = start(prefix, Map.of(topic, "odd_values"), DdlMode.CREATE, ConflictMode.LAST_WRITER,
                Duration.ofMinutes(5));

        Await.until("28 rows", Duration.ofSeconds(60), () -> count("odd_values"), n -> n == 28);
        String dlq = new TopicNames(prefix).sinkDeadLetters("fresh");
        List<ConsumerRecord<byte[], byte[]>> dead = Await.until("two dead letters", Duration.ofSeconds(30),
                () -> MappedTopics.readAll(dlq), l -> l.size() == 2);
        Map<Long, ConsumerRecord<byte[], byte[]>> byId = new TreeMap<>();
        dead.forEach(r -> byId.put((Long) ((GenericRecord) topics.codec().decode(r.key()).datum()).get("id"), r));
        assertEquals(List.of(7L, 13L), List.copyOf(byId.keySet()));
        for (var letter : byId.values()) {
            assertEquals("type", MappedTopics.header(letter, DeadLetterHeaders.ERROR_CAUSE));
        }
        String uuid = MappedTopics.header(byId.get(7L), DeadLetterHeaders.ERROR_MESSAGE);
        assertTrue(uuid.startsWith("table odd_values, key {\"id\": 7}, column u: cannot write value 'not-a-uuid'"), uuid);
        String date = MappedTopics.header(byId.get(13L), DeadLetterHeaders.ERROR_MESSAGE);
        assertTrue(date.startsWith("table odd_values, key {\"id\": 13}"), date);
        assertEquals(2L, sink.progress().deadLettered().get("odd_values"));
        assertEquals("row 30", text("SELECT note FROM odd_values WHERE id = 30"));

        // A restart reads on after the dead letters: it neither dies on them nor sends them again.
        sink.close();
        sinks.remove(sink);
        for (long i = 31; i <= 40; i++) {
            topics.send(topic, key(i), row(ODD, i, null, 19_000 + (int) i, "row " + i), Map.of());
        }
        topics.flush();
        SinkStage again = start(prefix, Map.of(topic, "odd_values"), DdlMode.CREATE, ConflictMode.LAST_WRITER,
                Duration.ofMinutes(5));
        Await.until("38 rows", Duration.ofSeconds(60), () -> count("odd_values"), n -> n == 38);
        assertEquals(2, MappedTopics.readAll(dlq).size());
        assertTrue(again.progress().deadLettered().isEmpty(), again.progress().deadLettered().toString());
    }

    @Test
    void aTargetDatabaseThatDoesNotExistYetIsAnOutageNotDeadLettersAndRowsLandOnceItIsCreated() throws Exception {
        String prefix = SharedServices.uniquePrefix("nodb" + db.type());
        String database = "later_" + prefix.replaceAll("[^a-z0-9]", "");
        String topic = prefix + ".fresh.accounts";
        for (long i = 1; i <= 20; i++) {
            topics.send(topic, key(i), row(ACCOUNT, i, i), Map.of());
        }
        topics.flush();
        SinkStage sink = start(prefix, Map.of(topic, "accounts"), DdlMode.CREATE, ConflictMode.LAST_WRITER,
                Duration.ofMinutes(5), db.jdbcUrl(database), schemaOf(database), db.user(), db.password());

        Await.until("four retries against the missing database", Duration.ofSeconds(60), () -> sink.progress().retries(),
                n -> n >= 4);
        assertTrue(sink.progress().status().startsWith("target unreachable since "), sink.progress().status());
        assertTrue(sink.progress().deadLettered().isEmpty(), sink.progress().deadLettered().toString());
        String dlq = new TopicNames(prefix).sinkDeadLetters("fresh");
        assertTrue(MappedTopics.readAll(dlq).isEmpty());

        db.createDatabase(database);
        Await.until("20 rows in the new database", Duration.ofSeconds(60), () -> count(db.jdbcUrl(database),
                schemaOf(database) + ".accounts"), n -> n == 20);
        Await.until("status ok", Duration.ofSeconds(10), () -> sink.progress().status(), "ok"::equals);
        assertTrue(MappedTopics.readAll(dlq).isEmpty());
    }

    @Test
    void aTargetUserWithoutTheRightToWriteIsAnOutageNotDeadLettersAndRowsLandOnceGranted() throws Exception {
        execute("CREATE TABLE guarded (id BIGINT PRIMARY KEY, amount BIGINT)");
        for (String sql : readOnlyUserSql("reader", "reader-secret", "guarded")) {
            execute(sql);
        }
        String prefix = SharedServices.uniquePrefix("denied" + db.type());
        String topic = prefix + ".fresh.guarded";
        for (long i = 1; i <= 20; i++) {
            topics.send(topic, key(i), row(ACCOUNT, i, i), Map.of());
        }
        topics.flush();
        SinkStage sink = start(prefix, Map.of(topic, "guarded"), DdlMode.NONE, ConflictMode.LAST_WRITER,
                Duration.ofMinutes(5), "reader", "reader-secret");

        Await.until("four retries of the refused write", Duration.ofSeconds(60), () -> sink.progress().retries(),
                n -> n >= 4);
        assertEquals(0, count("guarded"));
        assertTrue(sink.progress().status().startsWith("target unreachable since "), sink.progress().status());
        String dlq = new TopicNames(prefix).sinkDeadLetters("fresh");
        assertTrue(MappedTopics.readAll(dlq).isEmpty());

        execute(grantWriteSql("reader", "guarded"));
        Await.until("20 rows once granted", Duration.ofSeconds(60), () -> count("guarded"), n -> n == 20);
        assertTrue(MappedTopics.readAll(dlq).isEmpty());
        assertTrue(sink.progress().deadLettered().isEmpty());
    }

    @Test
    void aStatementStuckBehindALockIsCancelledByTheStatementTimeoutAndRetriedUntilTheLockGoes() throws Exception {
        execute("CREATE TABLE locked (id BIGINT PRIMARY KEY, amount BIGINT)");
        execute("INSERT INTO locked VALUES (1, 0)");
        String prefix = SharedServices.uniquePrefix("lock" + db.type());
        String topic = prefix + ".fresh.locked";
        for (long i = 1; i <= 10; i++) {
            topics.send(topic, key(i), row(ACCOUNT, i, i * 10), Map.of());
        }
        topics.flush();
        try (Connection holder = db.connect()) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.executeQuery("SELECT * FROM locked WHERE id = 1 FOR UPDATE").close();
            }
            SinkStage sink = start(prefix, Map.of(topic, "locked"), DdlMode.CREATE, ConflictMode.LAST_WRITER,
                    Duration.ofMinutes(5), db.jdbcUrl(), db.schema(), db.user(), db.password(),
                    SinkLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(2)));
            Await.until("the stuck write cancelled and retried", Duration.ofSeconds(60), () -> sink.progress().retries(),
                    n -> n >= 2);
            assertEquals(1, count("locked"));
            holder.rollback();
            Await.until("10 rows once the lock is gone", Duration.ofSeconds(60), () -> count("locked"), n -> n == 10);
            assertEquals("10", text("SELECT amount FROM locked WHERE id = 1"));
            assertTrue(sink.progress().deadLettered().isEmpty());
        }
    }

    @Test
    void childRowsBeyondTheParkingBoundAreDeadLetteredSayingSoAndTheParkedOnesStillLand() throws Exception {
        execute("CREATE TABLE bound_parents (id BIGINT PRIMARY KEY, amount BIGINT)");
        execute("CREATE TABLE bound_children (id BIGINT PRIMARY KEY, parent_id BIGINT, "
                + "CONSTRAINT bound_children_parent FOREIGN KEY (parent_id) REFERENCES bound_parents (id))");
        String prefix = SharedServices.uniquePrefix("bound" + db.type());
        String parentTopic = prefix + ".fresh.bound_parents";
        String childTopic = prefix + ".fresh.bound_children";
        for (long i = 1; i <= 8; i++) {
            topics.send(childTopic, key(i), row(CHILD, i, i), Map.of());
        }
        topics.flush();
        SinkStage sink = start(prefix, Map.of(parentTopic, "bound_parents", childTopic, "bound_children"),
                DdlMode.CREATE, ConflictMode.LAST_WRITER, Duration.ofMinutes(5), db.jdbcUrl(), db.schema(), db.user(),
                db.password(), SinkLimits.DEFAULTS.withParking(5, 1 << 20));

        String dlq = new TopicNames(prefix).sinkDeadLetters("fresh");
        List<ConsumerRecord<byte[], byte[]>> dead = Await.until("three beyond the bound dead-lettered",
                Duration.ofSeconds(60), () -> MappedTopics.readAll(dlq), l -> l.size() == 3);
        for (var letter : dead) {
            assertEquals("constraint", MappedTopics.header(letter, DeadLetterHeaders.ERROR_CAUSE));
            String message = MappedTopics.header(letter, DeadLetterHeaders.ERROR_MESSAGE);
            assertTrue(message.contains("the foreign-key parking lot is full (5 changes"), message);
        }
        assertEquals(5, sink.progress().parked());
        for (long i = 1; i <= 8; i++) {
            topics.send(parentTopic, key(i), row(ACCOUNT, i, i), Map.of());
        }
        topics.flush();
        Await.until("the five parked children", Duration.ofSeconds(60), () -> count("bound_children"), n -> n == 5);
        Await.until("nothing parked", Duration.ofSeconds(10), () -> sink.progress().parked(), n -> n == 0);
    }

    static Schema semantic(Schema schema, String connectName) {
        schema.addProp("connect.name", connectName);
        return schema;
    }

    static Schema optional(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    SinkStage start(String prefix, Map<String, String> tables, DdlMode ddl, ConflictMode conflict,
                            Duration fkRetry) {
        return start(prefix, tables, ddl, conflict, fkRetry, db.user(), db.password());
    }

    SinkStage start(String prefix, Map<String, String> tables, DdlMode ddl, ConflictMode conflict,
                            Duration fkRetry, String user, String password) {
        return start(prefix, tables, ddl, conflict, fkRetry, db.jdbcUrl(), db.schema(), user, password);
    }

    SinkStage start(String prefix, Map<String, String> tables, DdlMode ddl, ConflictMode conflict,
                    Duration fkRetry, String url, String schema, String user, String password) {
        return start(prefix, tables, ddl, conflict, fkRetry, url, schema, user, password, SinkLimits.DEFAULTS);
    }

    SinkStage start(String prefix, Map<String, String> tables, DdlMode ddl, ConflictMode conflict,
                    Duration fkRetry, String url, String schema, String user, String password, SinkLimits limits) {
        SharedServices services = SharedServices.get();
        KafkaSettings kafka = new KafkaSettings(services.bootstrapServers(), RegistryAddress.of(services.registryUrl()),
                new TopicNames(prefix), 2, (short) 1, Map.of());
        List<TableRoute> routes = tables.entrySet().stream().map(e -> new TableRoute(e.getKey(), e.getValue())).toList();
        SinkStage sink = new SinkStage(new SinkConfig("fresh", url, user, password, schema, 500,
                Duration.ofMillis(50), ddl, routes, kafka, conflict, fkRetry, true).withLimits(limits), topics.codec());
        sinks.add(sink);
        sink.start();
        return sink;
    }

    static GenericRecord key(long id) {
        GenericRecord k = new GenericData.Record(KEY);
        k.put("id", id);
        return k;
    }

    static GenericRecord row(Schema schema, Object... values) {
        GenericRecord r = new GenericData.Record(schema);
        for (int i = 0; i < values.length; i++) {
            r.put(i, values[i]);
        }
        return r;
    }

    private String quote(String name) {
        return db.type().equals("postgres") ? "\"" + name + "\"" : "`" + name + "`";
    }

    void execute(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    long count(String url, String table) {
        try (Connection c = java.sql.DriverManager.getConnection(url, db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // not there yet
        }
    }

    long count(String table) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // not created yet
        }
    }

    String text(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "(no row)";
        }
    }

    private Map<String, Long> batchLogOutcomes(String table) throws SQLException {
        Map<String, Long> outcomes = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT outcome, row_count FROM ferry_batch_log WHERE table_name = '" + table + "'")) {
            while (rs.next()) {
                outcomes.merge(rs.getString(1), rs.getLong(2), Long::sum);
            }
        }
        return outcomes;
    }
}
