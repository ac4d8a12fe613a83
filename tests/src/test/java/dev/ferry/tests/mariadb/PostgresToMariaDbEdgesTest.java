package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.TopicNames;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MappedTopics;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.TargetDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL → MariaDB: every finite {@code real} and {@code double precision} edge (largest,
 * smallest normal, smallest subnormal, -0, their negatives) arrives as the same double, NaN and
 * ±Infinity are dead letters; and a table whose primary key is a {@code text} beside a
 * {@code bigint} is created (the key columns share InnoDB's 3,072-byte limit) and filled.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresToMariaDbEdgesTest {

    private static final Duration WITHIN = Duration.ofSeconds(120);

    private PostgresPair pg;
    private TargetDb target;
    private Pipeline pipeline;

    @BeforeAll
    void startPipeline() throws Exception {
        pg = PostgresPair.start("pg-maria-edges");
        target = TargetDb.mariadb("pg-maria-edges-target");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE floats (id int PRIMARY KEY, r real, d double precision)");
            s.execute("""
                    INSERT INTO floats VALUES
                      (1, 3.4028235e38, 1.7976931348623157e308), (2, -3.4028235e38, -1.7976931348623157e308),
                      (3, 1.17549435e-38, 2.2250738585072014e-308), (4, 1.4e-45, 4.9e-324),
                      (5, -1.4e-45, -4.9e-324), (6, 0, 0), (7, 3.1415927, 3.141592653589793), (8, NULL, NULL)""");
            s.execute("INSERT INTO floats VALUES (9, 'NaN', 0), (10, 'Infinity', 0), (11, 0, '-Infinity')");
            s.execute("CREATE TABLE tagged (name text, id bigint, note text, PRIMARY KEY (name, id))");
            s.execute("INSERT INTO tagged VALUES ('" + "ü😀".repeat(300) + "', 1, 'long key'), ('a', 2, 'short')");
        }
        var config = ConfigLoader.load(pg.writeConfig(SharedServices.uniquePrefix("pgmedges"),
                List.of("public.floats", "public.tagged"), target, "    ddl: create\n"), Map.of());
        pipeline = new Pipeline(new StageConfigs(config, pg.dir().resolve("state")), EnumSet.allOf(Stage.class));
        pipeline.start();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (target != null) {
            target.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void finiteFloatEdgesArriveAsTheSameDoubleAndNaNAndInfinitiesAreDeadLetters() throws Exception {
        List<List<String>> expected;
        try (Connection s = pg.source()) {
            expected = floats(s, "SELECT id, r::float8::text, d::text FROM floats WHERE id <= 8 ORDER BY id");
        }
        List<List<String>> actual = Await.until("8 rows in MariaDB", WITHIN, () -> {
            try (Connection t = target.connect()) {
                return floats(t, "SELECT id, CAST(CAST(r AS DOUBLE) AS CHAR), CAST(d AS CHAR) FROM floats ORDER BY id");
            } catch (SQLException e) {
                return List.<List<String>>of();
            }
        }, rows -> rows.size() == 8);
        assertEquals(expected, actual);
        String dlq = new TopicNames(pipeline.configs().sinks().get(0).kafka().topics().prefix()).sinkDeadLetters("fresh");
        List<ConsumerRecord<byte[], byte[]>> dead = Await.until("3 dead letters", Duration.ofSeconds(60),
                () -> MappedTopics.readAll(dlq), l -> l.size() == 3);
        TreeSet<String> messages = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String message = MappedTopics.header(r, DeadLetterHeaders.ERROR_MESSAGE);
            // The message names the table, the key and the column before the reason.
            assertTrue(message.startsWith("table floats, key {\"id\": "), message);
            assertTrue(message.contains(", column "), message);
            messages.add(MappedTopics.header(r, DeadLetterHeaders.ERROR_CAUSE) + ": "
                    + message.substring(message.indexOf("MariaDB cannot store")));
        }
        assertEquals(new TreeSet<>(List.of("type: MariaDB cannot store the floating-point value NaN",
                "type: MariaDB cannot store the floating-point value Infinity",
                "type: MariaDB cannot store the floating-point value -Infinity")), messages);
    }

    @Test
    void aTextKeyBesideAnotherKeyColumnGetsATableAndItsRows() throws Exception {
        String rendering = "SELECT CAST(name AS CHAR), CAST(id AS CHAR), note FROM tagged ORDER BY id";
        List<List<String>> actual = Await.until("2 rows in MariaDB", WITHIN, () -> {
            try (Connection t = target.connect()) {
                return rows(t, rendering);
            } catch (SQLException e) {
                return List.<List<String>>of();
            }
        }, rows -> rows.size() == 2);
        try (Connection s = pg.source()) {
            assertEquals(rows(s, "SELECT name, id::text, note FROM tagged ORDER BY id"), actual);
        }
    }

    private static List<List<String>> floats(Connection c, String sql) throws SQLException {
        List<List<String>> rows = rows(c, sql);
        for (List<String> row : rows) {
            for (int i = 1; i < row.size(); i++) {
                row.set(i, row.get(i) == null ? null : Double.toString(Double.parseDouble(row.get(i))));
            }
        }
        return rows;
    }

    private static List<List<String>> rows(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
