package dev.ferry.tests.mariadb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.MariaDbRig;
import dev.ferry.tests.fixtures.SharedServices;
import dev.ferry.tests.fixtures.ValueRows;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MariaDB → PostgreSQL type fidelity, value by value, for rows that arrive by snapshot (ids 1-3)
 * and by streaming (ids 11-13): every type of the matrix at a telling value, NULL in every column,
 * and a zero date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbTypesTest {

    private static final Duration WITHIN = Duration.ofSeconds(180);
    private static final String TEXT = "héllo 😀 世界 utf8mb4 ✓ ünïcödé";
    private static final String JSON = "{\"a\": [1, 2.5, {\"b\": \"ü😀\"}], \"n\": null}";
    private static final String VALUES = "(%d, 12345678901234567890123456.0123456789, '2024-02-29 23:59:59.123456',"
            + " '2024-02-29 23:59:59.654321', '1999-12-31', '23:59:59.999999', 2155, b'1', 1, 'medium', 'red,blue',"
            + " '" + JSON + "', x'000102FF', x'CAFEBABE00', '" + TEXT + "', 18446744073709551615, '2001-02-03 04:05:06')";
    private static final String ALL_NULL = "(%d, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            + " NULL, NULL, NULL)";
    private static final String ZERO_DATES = "(%d, 0, '2000-01-01 00:00:00', '1970-01-01 00:00:01', '2000-01-01', '00:00:00',"
            + " 1901, b'0', 0, 'small', '', '[]', x'', x'', '', 0, '0000-00-00 00:00:00')";

    private MariaDbRig rig;
    private Pipeline pipeline;

    @BeforeAll
    void startPipeline() throws Exception {
        rig = MariaDbRig.start("mariadb-types");
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("SET SESSION sql_mode = ''"); // allows the zero date
            s.execute("""
                    CREATE TABLE types (id INT PRIMARY KEY, d DECIMAL(38,10) NULL, dt DATETIME(6) NULL,
                      ts TIMESTAMP(6) NULL DEFAULT NULL, dd DATE NULL, tm TIME(6) NULL, yr YEAR NULL, b1 BIT(1) NULL,
                      t1 TINYINT(1) NULL, en ENUM('small','medium','large') NULL, st SET('red','green','blue') NULL,
                      js JSON NULL, bl BLOB NULL, vb VARBINARY(16) NULL, tx TEXT NULL, ub BIGINT UNSIGNED NULL,
                      zd DATETIME NULL)""");
            insert(s, 1, 2, 3);
        }
        var config = ConfigLoader.load(rig.writeConfig(SharedServices.uniquePrefix("mtypes"), "types", List.of("types"),
                List.of()), Map.of());
        pipeline = new Pipeline(new StageConfigs(config, rig.dir().resolve("state")), EnumSet.allOf(Stage.class));
        pipeline.start();
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    @Order(1)
    void snapshottedValuesArriveExactly() throws Exception {
        awaitRows(3);
        assertFullRow(1);
        assertAllNull(2);
        assertZeroDateRow(3);
    }

    @Test
    @Order(2)
    void streamedValuesArriveExactly() throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            insert(s, 11, 12, 13);
        }
        awaitRows(6);
        assertFullRow(11);
        assertAllNull(12);
        assertZeroDateRow(13);
    }

    @Test
    @Order(3)
    void updatesToAndFromNullArriveExactly() throws Exception {
        try (Connection maria = rig.maria(); Statement s = maria.createStatement()) {
            s.executeUpdate("UPDATE types SET d = NULL, dt = NULL, ts = NULL, dd = NULL, tm = NULL, yr = NULL, b1 = NULL,"
                    + " t1 = NULL, en = NULL, st = NULL, js = NULL, bl = NULL, vb = NULL, tx = NULL, ub = NULL, zd = NULL"
                    + " WHERE id = 11");
            s.executeUpdate("DELETE FROM types WHERE id = 12");
            s.executeUpdate("INSERT INTO types VALUES " + VALUES.formatted(12));
        }
        Await.until("the updates applied", WITHIN, () -> {
            try (Connection t = rig.target(); Statement s = t.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM types WHERE (id = 11 AND d IS NULL) OR (id = 12 AND d IS NOT NULL)")) {
                rs.next();
                return rs.getInt(1);
            }
        }, n -> n == 2);
        assertAllNull(11);
        assertFullRow(12);
    }

    @Test
    @Order(4)
    void wholeTableComparesEqualValueByValue() throws Exception {
        // zd is left out: zero dates become NULL on purpose (see the README).
        String sql = "SELECT id, d, dt, ts, dd, tm, yr, b1, t1, en, st, js, bl, vb, tx, ub FROM types ORDER BY id";
        try (Connection maria = rig.maria(); Connection target = rig.target()) {
            assertEquals(List.of(), ValueRows.differences(ValueRows.read(maria, sql), ValueRows.read(target, sql)));
        }
    }

    @Test
    @Order(5)
    void targetColumnsGetTheDocumentedTypes() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("id", "integer");
        expected.put("d", "numeric(38,10)");
        expected.put("dt", "timestamp without time zone");
        expected.put("ts", "timestamp with time zone");
        expected.put("dd", "date");
        expected.put("tm", "interval"); // a MariaDB TIME is a signed span up to 838:59:59
        expected.put("yr", "integer");
        expected.put("b1", "boolean");
        expected.put("t1", "boolean");
        expected.put("en", "text");
        expected.put("st", "text");
        // MariaDB's JSON is an alias of LONGTEXT (plus a json_valid check): it travels, and lands, as text.
        expected.put("js", "text");
        expected.put("bl", "bytea");
        expected.put("vb", "bytea");
        expected.put("tx", "text");
        expected.put("ub", "numeric(20,0)");
        expected.put("zd", "timestamp without time zone");
        Map<String, String> actual = new LinkedHashMap<>();
        try (Connection t = rig.target(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT column_name, data_type, numeric_precision, numeric_scale"
                     + " FROM information_schema.columns WHERE table_name = 'types' ORDER BY ordinal_position")) {
            while (rs.next()) {
                String type = rs.getString(2);
                if (type.equals("numeric")) {
                    type += "(" + rs.getInt(3) + "," + rs.getInt(4) + ")";
                }
                actual.put(rs.getString(1), type);
            }
        }
        assertEquals(expected, actual);
    }

    private void assertFullRow(int id) throws Exception {
        try (Connection t = rig.target(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM types WHERE id = " + id)) {
            rs.next();
            assertEquals(new BigDecimal("12345678901234567890123456.0123456789"), rs.getBigDecimal("d"));
            assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000), rs.getObject("dt", LocalDateTime.class));
            assertEquals(OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 654_321_000, ZoneOffset.UTC),
                    rs.getObject("ts", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
            assertEquals(LocalDate.of(1999, 12, 31), rs.getObject("dd", LocalDate.class));
            assertEquals("23:59:59.999999", rs.getString("tm"));
            assertEquals(2155, rs.getInt("yr"));
            assertEquals(Boolean.TRUE, rs.getObject("b1"));
            assertEquals(Boolean.TRUE, rs.getObject("t1"));
            assertEquals("medium", rs.getString("en"));
            assertEquals("red,blue", rs.getString("st"));
            assertEquals(JSON, rs.getString("js"));
            assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xFF}, rs.getBytes("bl"));
            assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0}, rs.getBytes("vb"));
            assertEquals(TEXT, rs.getString("tx"));
            assertEquals(new BigDecimal("18446744073709551615"), rs.getBigDecimal("ub"));
            assertEquals(LocalDateTime.of(2001, 2, 3, 4, 5, 6), rs.getObject("zd", LocalDateTime.class));
        }
    }

    private void assertAllNull(int id) throws Exception {
        try (Connection t = rig.target(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM types WHERE id = " + id)) {
            rs.next();
            for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                assertNull(rs.getObject(i), "column " + rs.getMetaData().getColumnName(i) + " of row " + id);
            }
        }
    }

    private void assertZeroDateRow(int id) throws Exception {
        try (Connection t = rig.target(); Statement s = t.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM types WHERE id = " + id)) {
            rs.next();
            assertNull(rs.getObject("zd"), "a zero date becomes NULL");
            assertEquals(0, rs.getBigDecimal("d").signum());
            assertEquals(OffsetDateTime.of(1970, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC),
                    rs.getObject("ts", OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC));
            assertEquals("00:00:00", rs.getString("tm"));
            assertEquals(1901, rs.getInt("yr"));
            assertEquals(Boolean.FALSE, rs.getObject("b1"));
            assertEquals(Boolean.FALSE, rs.getObject("t1"));
            assertEquals("small", rs.getString("en"));
            assertEquals("", rs.getString("st"));
            assertEquals("[]", rs.getString("js"));
            assertArrayEquals(new byte[0], rs.getBytes("bl"));
            assertArrayEquals(new byte[0], rs.getBytes("vb"));
            assertEquals("", rs.getString("tx"));
            assertEquals(0, rs.getBigDecimal("ub").signum());
        }
    }

    private void awaitRows(int rows) throws Exception {
        Await.until(rows + " rows in the target", WITHIN, () -> {
            try (Connection t = rig.target(); Statement s = t.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM types")) {
                rs.next();
                return rs.getInt(1);
            } catch (java.sql.SQLException e) {
                return -1; // not created yet
            }
        }, n -> n == rows);
    }

    private static void insert(Statement s, int full, int allNull, int zeroDates) throws Exception {
        s.executeUpdate("INSERT INTO types VALUES " + VALUES.formatted(full) + ", " + ALL_NULL.formatted(allNull) + ", "
                + ZERO_DATES.formatted(zeroDates));
    }
}
