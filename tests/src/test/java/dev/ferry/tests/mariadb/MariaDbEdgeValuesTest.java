package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MariaDbRig;
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
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MariaDB source, every edge value of every numeric, bit, date/time and string type (signed and
 * unsigned minimum and maximum, DECIMAL(65,30) extremes, FLOAT/DOUBLE extremes, smallest normals
 * and subnormals, -0, TIME from -838:59:59.999999 to 838:59:59.999999, DATETIME(6) and TIMESTAMP(6)
 * ranges, YEAR 0000/1901/2155, 4-byte unicode, a 1 MiB text and blob, ENUM and SET (labels with 4-byte
 * characters too), JSON, NULL)
 * through the snapshot (ids 1-6) and the stream (ids 11-16: inserts, updates to other edges and
 * from NULL, a delete), judged by comparing what the source and the target database render in SQL
 * for each column, by a subclass per target database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class MariaDbEdgeValuesTest {

    static final Duration WITHIN = Duration.ofSeconds(90);
    static final String TEXT = "héllo 😀 𝔸 世界 ✓";

    /** One column: its MariaDB type, and its rendering in SQL on MariaDB (source, MariaDB target) and PostgreSQL. */
    record Col(String name, String type, String maria, String pg, boolean floating) {
        static Col of(String name, String type, String maria, String pg) {
            return new Col(name, type, maria, pg, false);
        }

        static Col text(String name, String type) {
            return of(name, type, "CAST(`" + name + "` AS CHAR)", "\"" + name + "\"::text");
        }
    }

    static final List<Col> COLUMNS = List.of(
            Col.text("ti", "TINYINT"), Col.text("tu", "TINYINT UNSIGNED"),
            Col.text("si", "SMALLINT"), Col.text("su", "SMALLINT UNSIGNED"),
            Col.text("mi", "MEDIUMINT"), Col.text("mu", "MEDIUMINT UNSIGNED"),
            Col.text("i", "INT"), Col.text("iu", "INT UNSIGNED"),
            Col.text("bi", "BIGINT"), Col.text("bu", "BIGINT UNSIGNED"),
            Col.text("dm", "DECIMAL(65,30)"),
            new Col("f", "FLOAT", "CAST(CAST(f AS DOUBLE) AS CHAR)", "f::float8::text", true),
            new Col("db", "DOUBLE", "CAST(db AS CHAR)", "db::text", true),
            Col.of("bt", "BIT(12)", "LPAD(BIN(bt), 12, '0')", "bt::text"),
            Col.of("b64", "BIT(64)", "LPAD(BIN(b64), 64, '0')", "b64::text"),
            Col.of("dt", "DATETIME(6)", "CAST(dt AS CHAR)", "to_char(dt, 'YYYY-MM-DD HH24:MI:SS.US')"),
            Col.of("ts", "TIMESTAMP(6) NULL DEFAULT NULL", "CAST(ts AS CHAR)",
                    "to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"),
            Col.text("d", "DATE"),
            // In microseconds on both sides: MariaDB renders a TIME(6) with six decimals, PostgreSQL an interval without.
            Col.of("tm", "TIME(6)", "CAST(TIME_TO_SEC(tm) * 1000000 AS SIGNED)",
                    "(extract(epoch from tm) * 1000000)::bigint::text"),
            Col.of("yr", "YEAR", "CAST(yr + 0 AS CHAR)", "yr::text"),
            Col.text("vc", "VARCHAR(64)"), Col.text("tx", "LONGTEXT"),
            Col.of("lb", "LONGBLOB", "MD5(lb)", "md5(lb)"),
            Col.text("en", "ENUM('a','b','ü','ü😀')"), Col.text("st", "SET('x','y','z','𝔸😀')"), Col.text("js", "JSON"));

    static final String MIN = "-128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, -"
            + "9".repeat(35) + "." + "9".repeat(30) + ", -3.4028234663852886e38, -1.7976931348623157e308, b'000000000000',"
            + " b'0', '1000-01-01 00:00:00', '1970-01-01 00:00:01', '1000-01-01', '-838:59:59.999999', 1901, '', '', '',"
            + " 'a', '', '{}'";
    static final String MAX = "127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807,"
            + " 18446744073709551615, " + "9".repeat(35) + "." + "9".repeat(30) + ", 3.4028234663852886e38,"
            + " 1.7976931348623157e308, b'111111111111', b'" + "1".repeat(64) + "', '9999-12-31 23:59:59.999999',"
            + " '2038-01-19 03:14:07.999999', '9999-12-31', '838:59:59.999999', 2155, '" + TEXT + "',"
            + " REPEAT('0123456789abcdef😀𝔸', 40000), REPEAT(UNHEX('00FF10'), 400000), 'ü😀', 'x,y,z,𝔸😀',"
            + " '{\"a\": [1, 2.5, null, \"ü😀\"], \"b\": {\"c\": true}}'";
    static final String SMALLEST = "-1, 1, -1, 1, -1, 1, -1, 1, -1, 1, 0." + "0".repeat(29) + "1, 1.401298464324817e-45,"
            + " 4.9e-324, b'000000000001', b'1" + "0".repeat(63) + "', '2024-02-29 12:34:56.000001',"
            + " '1970-01-01 00:00:01.000001', '2000-02-29', '-00:00:00.000001', 0, 'x', 'y', UNHEX('00'), 'b', 'y',"
            + " '[1, 2.5, null]'";
    static final String NORMALS = "1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -0." + "0".repeat(29) + "1, 1.1754943508222875e-38,"
            + " 2.2250738585072014e-308, b'101100000001', b'0000000100000010000000110000010000000101000001100000011100001000',"
            + " '1999-12-31 23:59:59.5', '2000-01-01 00:00:00', '1970-01-01', '100:00:00.5', 2000, 'ü', 'ü😀', x'CAFEBABE',"
            + " 'ü', 'x,z', '\"s\"'";
    static final String ZEROS = "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0e0, -0e0, b'0', b'0', '2000-01-01 00:00:00',"
            + " '2000-01-01 00:00:00', '2000-01-01', '24:00:00', 1970, ' ', ' ', x'00', 'a', 'x', 'null'";
    static final String NULLS = COLUMNS.stream().map(c -> "NULL").collect(Collectors.joining(", "));
    static final List<String> ROWS = List.of(MIN, MAX, SMALLEST, NORMALS, ZEROS, NULLS);

    MariaDbRig rig;
    TargetDb target;
    Pipeline pipeline;

    /** The target the rig's MariaDB is copied into. */
    abstract TargetDb startTarget(MariaDbRig rig);

    /** How the target renders column {@code c}. */
    abstract String targetRendering(Col c);

    /** What the target's table is called in SQL. */
    abstract String targetTable();

    @BeforeAll
    void startPipeline() throws Exception {
        String name = getClass().getSimpleName().toLowerCase();
        rig = MariaDbRig.start(name);
        target = startTarget(rig);
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("CREATE TABLE edge (id INT PRIMARY KEY, "
                    + COLUMNS.stream().map(c -> "`" + c.name() + "` " + c.type()).collect(Collectors.joining(", ")) + ")");
            insert(s, 0);
        }
        var config = ConfigLoader.load(rig.writeConfig(SharedServices.uniquePrefix("edge"), "edge", List.of("edge"), target),
                Map.of());
        pipeline = new Pipeline(new StageConfigs(config, rig.dir().resolve("state")), EnumSet.allOf(Stage.class));
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
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void snapshottedEdgeValuesRenderTheSameInTheTarget() throws Exception {
        awaitEqual("the snapshot");
    }

    @Test
    @Order(2)
    void streamedEdgeValuesRenderTheSameInTheTarget() throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            insert(s, 10);
        }
        awaitEqual("the streamed inserts");
    }

    @Test
    @Order(3)
    void updatesBetweenEdgesAndNullAndDeletesRenderTheSameInTheTarget() throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            copyRow(s, 2, 11); // min -> max
            copyRow(s, 1, 12); // max -> min
            copyRow(s, 3, 16); // NULL -> smallest
            copyRow(s, 6, 14); // normals -> NULL
            s.executeUpdate("DELETE FROM edge WHERE id = 13");
            s.executeUpdate("UPDATE edge SET tm = '-838:59:59.999999', f = 3.1415927, db = -0e0 WHERE id = 15");
        }
        awaitEqual("the updates and the delete");
    }

    private void awaitEqual(String what) throws Exception {
        String source = "SELECT id, " + COLUMNS.stream().map(Col::maria).collect(Collectors.joining(", "))
                + " FROM edge ORDER BY id";
        String sink = "SELECT id, " + COLUMNS.stream().map(this::targetRendering).collect(Collectors.joining(", "))
                + " FROM " + targetTable() + " ORDER BY id";
        List<List<String>> expected;
        try (Connection maria = rig.maria()) {
            expected = render(maria, source);
        }
        try {
            Await.until(what + " in the target", WITHIN, () -> {
                try (Connection t = target.connect()) {
                    return render(t, sink);
                } catch (SQLException e) {
                    return List.<List<String>>of(); // not created yet
                }
            }, rows -> rows.equals(expected));
        } catch (AssertionError e) {
            try (Connection t = target.connect()) {
                assertEquals(List.of(), differences(expected, render(t, sink)), what);
            }
            throw e;
        }
    }

    /** Each cell that differs: row id, column, source rendering, target rendering (cut at 80 characters). */
    private static List<String> differences(List<List<String>> expected, List<List<String>> actual) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < Math.max(expected.size(), actual.size()); r++) {
            List<String> e = r < expected.size() ? expected.get(r) : null;
            List<String> a = r < actual.size() ? actual.get(r) : null;
            if (e == null || a == null) {
                out.add("row " + r + ": source " + (e == null ? "none" : e.get(0)) + ", target " + (a == null ? "none" : a.get(0)));
                continue;
            }
            for (int i = 0; i < e.size(); i++) {
                if (!java.util.Objects.equals(e.get(i), a.get(i))) {
                    out.add("id " + e.get(0) + " " + (i == 0 ? "id" : COLUMNS.get(i - 1).name()) + ": source " + cut(e.get(i))
                            + ", target " + cut(a.get(i)));
                }
            }
        }
        return out;
    }

    private static String cut(String v) {
        return v == null || v.length() <= 80 ? v : v.substring(0, 80) + "...";
    }

    /** Every row as its columns' renderings, floating-point ones as the double they denote (so -0 stays -0). */
    private static List<List<String>> render(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                row.add(rs.getString(1));
                for (int i = 0; i < COLUMNS.size(); i++) {
                    String v = rs.getString(i + 2);
                    row.add(v != null && COLUMNS.get(i).floating() ? Double.toString(Double.parseDouble(v)) : v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static void insert(Statement s, int offset) throws SQLException {
        for (int i = 0; i < ROWS.size(); i++) {
            s.executeUpdate("INSERT INTO edge VALUES (" + (offset + i + 1) + ", " + ROWS.get(i) + ")");
        }
    }

    private static void copyRow(Statement s, int from, int to) throws SQLException {
        s.executeUpdate("UPDATE edge e JOIN edge f ON f.id = " + from + " SET "
                + COLUMNS.stream().map(c -> "e.`" + c.name() + "` = f.`" + c.name() + "`").collect(Collectors.joining(", "))
                + " WHERE e.id = " + to);
    }
}
