package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ops.Version;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.Chromium;
import dev.ferry.tests.fixtures.Cli;
import dev.ferry.tests.fixtures.PostgresPair;
import dev.ferry.tests.fixtures.ServedPipeline;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an operator sees of a running pipeline with two rows dead-lettered by a validation rule: the
 * dashboard (in headless Chromium) with cutover readiness, dead letters by rule with their messages,
 * source lag, version, uptime and a throughput history kept by the server; a quiet table reading
 * idle with its last change time instead of a stale lag; and the JSON of {@code check},
 * {@code dlq list} and {@code cutover}, parsed from the commands' output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorViewTest {

    private static final int ROWS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private PostgresPair pg;
    private Path config;
    private ServedPipeline served;

    @BeforeAll
    void startPipeline() throws Exception {
        pg = PostgresPair.start("operator-view");
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.execute("CREATE TABLE parcels (id int PRIMARY KEY, label text)");
            s.execute("INSERT INTO parcels SELECT g, CASE WHEN g > " + (ROWS - 2) + " THEN NULL ELSE 'parcel ' || g END"
                    + " FROM generate_series(1, " + ROWS + ") g");
        }
        config = pg.writeConfig(SharedServices.uniquePrefix("view"), List.of("public.parcels"), """
                http:
                  port: 0
                mappings:
                  - from: legacy.public.parcels
                    to: fresh.parcels
                    validate:
                      - {id: label-present, rule: not-null, column: label}
                """);
        served = ServedPipeline.start(config, pg.dir().resolve("state"));
        Await.until("the valid rows applied", Duration.ofSeconds(180), () -> json("/status"),
                s -> s.at("/targets/0/tables").size() == 1
                        && ServedPipeline.table(s.at("/targets/0/tables"), "parcels").get("applied").asLong() == ROWS - 2);
        try (Connection source = pg.source(); Statement s = source.createStatement()) {
            s.executeUpdate("UPDATE parcels SET label = 'moved' WHERE id <= 10");
        }
        Await.until("the updates applied", Duration.ofSeconds(60), () -> json("/status"),
                s -> ServedPipeline.table(s.at("/targets/0/tables"), "parcels").get("applied").asLong() == ROWS - 2 + 10);
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aQuietTableReadsIdleWithItsLastChangeTimeInsteadOfAStaleLag() throws Exception {
        JsonNode status = Await.until("parcels idle", Duration.ofSeconds(60), () -> json("/status"),
                s -> ServedPipeline.table(s.at("/targets/0/tables"), "parcels").get("idle").asBoolean());
        JsonNode parcels = ServedPipeline.table(status.at("/targets/0/tables"), "parcels");
        assertFalse(parcels.get("lastChangeAt").isNull(), parcels.toString());

        Cli.Result text = Cli.run("status", "--config", config.toString(), "--url", url("/status"));
        assertTrue(text.out().contains("idle, last change at 20"), text.out());
        assertFalse(text.out().contains("replication lag"), text.out());
        assertTrue(get("/metrics").contains("ferry_last_change_timestamp_seconds{table=\"parcels\",target=\"fresh\"}"));
    }

    @Test
    void theDashboardShowsReadinessDeadLettersByRuleSourceLagVersionAndUptime() throws Exception {
        Await.until("dead letters and source lag read", Duration.ofSeconds(60), () -> json("/overview"),
                o -> o.at("/deadLetters/pending").asLong() == 2 && o.at("/sourceLag").size() == 1);

        String dom = Chromium.find(pg.dir().resolve("chromium")).dumpDom(url("/"), 5000);

        assertTrue(dom.contains("Ferry " + Version.NUMBER + ", up "), dom);
        assertTrue(dom.contains("NOT READY"), dom);
        assertTrue(dom.contains("2 dead letters pending (ferry dlq list; or cutover --accept-dead-letters)"), dom);
        assertTrue(dom.matches("(?s).*<td>transform</td><td>public\\.parcels</td><td>validation</td>"
                + "<td>label-present</td><td class=\"num bad\">2</td>.*"), dom);
        assertTrue(dom.contains("label-present"), dom);
        assertEquals(2, count(dom, "<li><span class=\"meta\">"), "the latest dead letters, with their messages");
        assertTrue(dom.contains("WAL bytes the replication slot holds back"), dom);
        assertTrue(dom.matches("(?s).*<td>parcels</td>.*<td>\\d\\d:\\d\\d:\\d\\d</td>.*"), "last change at: " + dom);
    }

    @Test
    void theThroughputHistoryIsKeptByTheServerSoItSurvivesAReload() throws Exception {
        JsonNode history = Await.until("three samples", Duration.ofSeconds(90), () -> json("/history"),
                h -> h.get("samples").size() >= 3);
        assertEquals(10, history.get("intervalSeconds").asInt());
        assertTrue(history.at("/samples/0/at").asText().startsWith("20"), history.toString());

        // A new page load: what it draws came from the server, not from what an earlier page polled.
        String dom = Chromium.find(pg.dir().resolve("chromium")).dumpDom(url("/"), 3000);

        Matcher samples = Pattern.compile("id=\"chartRange\"[^>]*data-samples=\"(\\d+)\"").matcher(dom);
        assertTrue(samples.find(), dom);
        assertTrue(Integer.parseInt(samples.group(1)) >= 3, dom);
        assertTrue(dom.matches("(?s).*\\d+ samples from \\d\\d:\\d\\d to \\d\\d:\\d\\d, one every 10 s.*"), dom);
    }

    @Test
    void checkPrintsItsOutcomeAsJson() throws Exception {
        Cli.Result r = Cli.run("check", "--json", "--config", config.toString());

        assertEquals(0, r.exit(), r.toString());
        JsonNode doc = JSON.readTree(r.out());
        assertTrue(doc.get("ready").asBoolean());
        assertEquals(0, doc.get("problems").asLong());
        assertEquals(config.toString(), doc.get("config").asText());
        List<String> subjects = new ArrayList<>();
        for (JsonNode part : doc.get("parts")) {
            subjects.add(part.get("subject").asText());
            assertTrue(part.get("ok").asBoolean(), part.toString());
            assertTrue(part.get("kind").isNull(), part.toString());
            assertEquals(0, part.get("problems").size());
        }
        assertTrue(subjects.containsAll(List.of("kafka", "registry", "source legacy", "target fresh")), subjects.toString());
    }

    @Test
    void dlqListPrintsItsCountsAsJson() throws Exception {
        Cli.Result r = Cli.run("dlq", "list", "--json", "--config", config.toString());

        assertEquals(0, r.exit(), r.toString());
        JsonNode doc = JSON.readTree(r.out());
        assertTrue(doc.get("pendingOnly").asBoolean());
        assertEquals(2, doc.get("total").asLong());
        assertEquals(1, doc.get("groups").size());
        JsonNode group = doc.at("/groups/0");
        assertEquals("transform", group.get("stage").asText());
        assertEquals("public.parcels", group.get("table").asText());
        assertEquals("validation", group.get("cause").asText());
        assertEquals("label-present", group.get("rule").asText());
        assertEquals(2, group.get("count").asLong());
    }

    @Test
    void cutoverPrintsItsReportAsJsonAndItsProgressOnStandardError() throws Exception {
        Cli.Result r = Cli.run("cutover", "--json", "--accept-dead-letters", "--timeout", "120", "--config",
                config.toString());

        assertEquals(0, r.exit(), r.toString());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals("READY", doc.get("state").asText());
        assertEquals(2, doc.get("deadLetters").asLong());
        assertTrue(doc.get("deadLettersAccepted").asBoolean());
        assertEquals(0, doc.get("missing").size());
        assertEquals(1, doc.get("tables").size());
        assertTrue(r.err().contains("cutover: DRAINING"), r.err());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private String url(String path) {
        return served.url(path);
    }

    private JsonNode json(String path) throws Exception {
        return served.json(path);
    }

    private String get(String path) throws Exception {
        return served.get(path);
    }
}
