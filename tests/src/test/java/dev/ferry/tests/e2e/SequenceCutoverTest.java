package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.cutover.Cutover;
import dev.ferry.ops.cutover.CutoverReport;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.SharedServices;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sequences are not replicated by logical decoding; at cutover Ferry sets each target sequence past
 * its source (giving the target column an identity when the table Ferry created has none), so the
 * application's first insert into the target gets an id, and one the source never handed out.
 */
class SequenceCutoverTest {

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
    void afterReadyAnInsertIntoTheTargetWithoutAnIdSucceedsAndDoesNotCollide() throws Exception {
        pg = PostgresPair.start("sequence-cutover");
        try (Connection c = pg.source(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id bigserial PRIMARY KEY, note text)");
            s.execute("CREATE TABLE tickets (id int GENERATED ALWAYS AS IDENTITY (START WITH 1000 INCREMENT BY 5)"
                    + " PRIMARY KEY, note text)");
            s.execute("INSERT INTO orders (note) SELECT 'order ' || g FROM generate_series(1, 120) g");
            s.execute("INSERT INTO tickets (note) SELECT 'ticket ' || g FROM generate_series(1, 30) g");
            // a sequence value taken but never committed must not be handed out again either
            s.execute("SELECT nextval('orders_id_seq')");
        }
        StageConfigs configs = new StageConfigs(ConfigLoader.load(pg.writeConfig(SharedServices.uniquePrefix("seq"),
                List.of("public.orders", "public.tickets"), ""), Map.of()), pg.dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
        Await.until("target identical", Duration.ofSeconds(120), () -> pg.compare("public", List.of("orders", "tickets")),
                PostgresPair::identical);

        CutoverReport report = new Cutover(configs, new Cutover.Options(false, Duration.ofSeconds(120), false,
                Duration.ofSeconds(3)), new PrintStream(PrintStream.nullOutputStream())).run();

        assertEquals("READY", report.state(), report.summary());
        assertEquals(2, report.sequences().size(), report.sequences().toString());
        assertTrue(report.summary().contains("fresh.orders.id"), report.summary());
        long sourceNextOrder = sourceNext("SELECT nextval('orders_id_seq')");
        long sourceNextTicket = sourceNext("SELECT nextval(pg_get_serial_sequence('tickets', 'id'))");
        try (Connection t = pg.target(); Statement s = t.createStatement()) {
            ResultSet order = s.executeQuery("INSERT INTO orders (note) VALUES ('first order on the target') RETURNING id");
            order.next();
            assertEquals(sourceNextOrder, order.getLong(1), "the target hands out what the source would have next");
            ResultSet ticket = s.executeQuery("INSERT INTO tickets (note) VALUES ('first ticket on the target') RETURNING id");
            ticket.next();
            assertEquals(sourceNextTicket, ticket.getLong(1));
        }
    }

    /** What the source's sequence hands out next (taking it, as the application would). */
    private long sourceNext(String sql) throws Exception {
        try (Connection c = pg.source(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
