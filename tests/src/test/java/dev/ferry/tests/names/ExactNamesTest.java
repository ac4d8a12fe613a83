package dev.ferry.tests.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.Verifier;
import dev.ferry.ops.verify.VerifyReport;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.SharedServices;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Table and column names that are not plain identifiers arrive exactly, snapshot and stream:
 * a table named {@value #TABLE} whose key column has a space, and columns named with spaces,
 * dashes, dots, quotes and backticks, SQL keywords, unicode, a leading digit, and two names
 * ({@code a b}, {@code a_b}) that a naive sanitizer would merge. Judged by the databases' own
 * catalogs and text renderings, not by Ferry's code; then {@code ferry verify} must agree.
 * One subclass per direction.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ExactNamesTest {

    static final String TABLE = "Client List";
    static final String KEY = "row id";
    /** Column name, PostgreSQL type, MariaDB type. */
    static final List<String[]> COLUMNS = List.of(
            new String[] {KEY, "integer", "INT"},
            new String[] {"first name", "text", "VARCHAR(100)"},
            new String[] {"Last-Name", "text", "VARCHAR(100)"},
            new String[] {"order", "integer", "INT"},
            new String[] {"select", "numeric(10,2)", "DECIMAL(10,2)"},
            new String[] {"naïve", "text", "VARCHAR(100)"},
            new String[] {"日本", "text", "VARCHAR(100)"},
            new String[] {"1st", "text", "VARCHAR(100)"},
            new String[] {"a.b", "text", "VARCHAR(100)"},
            new String[] {"\"quoted\"", "text", "VARCHAR(100)"},
            new String[] {"a b", "text", "VARCHAR(100)"},
            new String[] {"a_b", "text", "VARCHAR(100)"},
            new String[] {"back`tick", "text", "VARCHAR(100)"});

    NamedSide source;
    NamedSide target;
    StageConfigs configs;
    private Pipeline pipeline;

    /** Starts the databases and sets {@link #source} and {@link #target}. */
    abstract void startDatabases(String name) throws Exception;

    /** Writes the ferry.yaml that captures {@value #TABLE} from the source into the target. */
    abstract Path writeConfig(String prefix) throws Exception;

    abstract void stopDatabases();

    /** The test's private directory. */
    abstract Path dir();

    @BeforeAll
    void startPipeline() throws Exception {
        String name = getClass().getSimpleName().toLowerCase();
        startDatabases(name);
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            String columns = COLUMNS.stream().map(col -> source.quote(col[0]) + " " + (source.postgres() ? col[1] : col[2]))
                    .collect(Collectors.joining(", "));
            s.execute("CREATE TABLE " + source.table(TABLE) + " (" + columns + ", PRIMARY KEY (" + source.quote(KEY) + "))");
        }
        for (int id = 1; id <= 3; id++) {
            insert(id, List.of("Ann", "Bob", "Cy").get(id - 1));
        }
        configs = new StageConfigs(ConfigLoader.load(writeConfig(SharedServices.uniquePrefix(name)), Map.of()),
                dir().resolve("state"));
        pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class));
        pipeline.start();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        stopDatabases();
    }

    @Test
    @Order(1)
    void snapshotArrivesUnderTheExactNames() throws Exception {
        List<String> sourceColumns = source.columns(TABLE);
        assertEquals(COLUMNS.stream().map(c -> c[0]).toList(), sourceColumns, "the source has the names as written");
        Await.until("the target table " + TABLE + " with the source's column names", Duration.ofSeconds(180),
                () -> target.columns(TABLE), sourceColumns::equals);
        awaitIdentical("the snapshot");
    }

    @Test
    @Order(2)
    void streamedChangesArriveUnderTheExactNames() throws Exception {
        insert(4, "Dee");
        try (Connection c = source.connect(); PreparedStatement ps = c.prepareStatement("UPDATE " + source.table(TABLE)
                + " SET " + source.quote("first name") + " = ?, " + source.quote("a b") + " = ?, "
                + source.quote("日本") + " = ?, " + source.quote("\"quoted\"") + " = NULL WHERE " + source.quote(KEY) + " = ?")) {
            ps.setString(1, "Bo b");
            ps.setString(2, "changed \"a b\"");
            ps.setString(3, "更新");
            ps.setInt(4, 2);
            assertEquals(1, ps.executeUpdate());
        }
        try (Connection c = source.connect(); Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate("DELETE FROM " + source.table(TABLE) + " WHERE " + source.quote(KEY) + " = 3"));
        }
        List<List<String>> rows = awaitIdentical("the streamed insert, update and delete");
        assertEquals(List.of("1", "2", "4"), rows.stream().map(r -> r.get(0)).toList());
        assertEquals(source.columns(TABLE), target.columns(TABLE));
    }

    @Test
    @Order(3)
    void verifyReportsTheTableIdentical() {
        VerifyReport report = new Verifier(configs, Duration.ofSeconds(5)).verify(List.of(), t -> { });
        assertTrue(report.identical(), report.toText());
        assertEquals(3, report.tables().get(0).sourceRows());
    }

    private List<List<String>> awaitIdentical(String what) throws Exception {
        List<String> names = COLUMNS.stream().map(c -> c[0]).toList();
        List<List<String>> expected = source.rows(TABLE, names, KEY);
        Await.until(what + " in the target, every value under its name", Duration.ofSeconds(180),
                () -> target.rows(TABLE, names, KEY), expected::equals);
        return expected;
    }

    private void insert(int id, String firstName) throws Exception {
        String columns = COLUMNS.stream().map(c -> source.quote(c[0])).collect(Collectors.joining(", "));
        String marks = COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "));
        try (Connection c = source.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + source.table(TABLE) + " (" + columns + ") VALUES (" + marks + ")")) {
            List<Object> values = new ArrayList<>();
            values.add(id);
            values.add(firstName);
            values.add("O'Neil-" + id);
            values.add(id * 10);
            values.add(new java.math.BigDecimal(id + ".50"));
            values.add("naïve ✓ " + id);
            values.add("日本語 " + id);
            values.add("first " + id);
            values.add("dot.ted " + id);
            values.add("say \"hi\" " + id);
            values.add("space " + id);
            values.add("under_score " + id);
            values.add("back`tick " + id);
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            ps.executeUpdate();
        }
    }
}
