package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.dlq.DeadLetter;
import dev.ferry.ops.dlq.DeadLetterFilter;
import dev.ferry.ops.dlq.DeadLetters;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A change above the record size limit (a 20 MiB row against the default 16 MiB) is dead-lettered by
 * capture with its key and size, and every other change of the source goes on: before, the engine
 * failed on it for ever and nothing after it reached the target.
 */
class OversizeChangeTest {

    private static final int BIG = 20 * 1024 * 1024;

    private PostgresPair pg;
    private Pipeline pipeline;

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void changeTooLargeForKafkaIsDeadLetteredAndEveryOtherChangeLands() throws Exception {
        pg = PostgresPair.start("oversize-change");
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE docs (id int PRIMARY KEY, body text)");
            s.execute("INSERT INTO docs SELECT g, 'small ' || g FROM generate_series(1, 50) g");
            // random text does not compress: the encoded record is really this big
            s.execute("INSERT INTO docs VALUES (25000, (SELECT string_agg(md5(g::text), '') FROM generate_series(1, "
                    + (BIG / 32) + ") g))");
        }
        String prefix = SharedServices.uniquePrefix("oversize");
        StageConfigs configs = new StageConfigs(ConfigLoader.load(pg.writeConfig(prefix, List.of("public.docs"), ""),
                Map.of()), pg.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
        awaitTargetRows(50, "the 50 small snapshot rows");

        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE docs SET body = (SELECT string_agg(md5((g + 1)::text), '') FROM generate_series(1, "
                    + (BIG / 32) + ") g) WHERE id = 7");
            s.executeUpdate("INSERT INTO docs SELECT g, 'after ' || g FROM generate_series(51, 80) g");
            s.executeUpdate("DELETE FROM docs WHERE id BETWEEN 1 AND 5");
            s.executeUpdate("UPDATE docs SET body = 'changed' WHERE id = 10");
        }
        awaitTargetRows(75, "the changes after the oversize update");
        try (Connection t = pg.target(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT body FROM docs WHERE id = 10")) {
            assertTrue(rs.next());
            assertEquals("changed", rs.getString(1));
        }
        try (Connection t = pg.target(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM docs WHERE id = 25000")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the oversize snapshot row is not in the target (it is a dead letter)");
        }

        List<DeadLetter> letters = Await.until("two capture dead letters", Duration.ofSeconds(60),
                () -> new DeadLetters(configs).read(new DeadLetterFilter("capture", null, null, null, null, null)),
                l -> l.size() >= 2);
        assertEquals(2, letters.size());
        List<String> messages = new ArrayList<>();
        for (DeadLetter d : letters) {
            assertEquals("size", d.cause());
            assertNull(d.value(), "the dead letter carries the key, not the value that did not fit");
            assertTrue(d.key() != null && d.key().length > 0);
            assertEquals(configs.kafka().topics().raw("legacy", "public", "docs"), d.originTopic());
            assertTrue(Long.parseLong(d.headers().get("ferry.record.bytes")) > BIG);
            messages.add(d.error());
        }
        assertTrue(messages.stream().anyMatch(m -> m.contains("public.docs") && m.contains("id=25000")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("id=7") && m.contains("kafka.max-record-bytes")), messages.toString());
        assertEquals(2, pipeline.captures().get(0).progress().tables().get(0).tooLarge());
    }

    private void awaitTargetRows(int rows, String what) throws Exception {
        Await.until(what, Duration.ofSeconds(120), () -> {
            try (Connection t = pg.target(); Statement s = t.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM docs WHERE id < 25000")) {
                rs.next();
                return rs.getInt(1);
            } catch (java.sql.SQLException e) {
                return -1;
            }
        }, n -> n == rows);
    }
}
