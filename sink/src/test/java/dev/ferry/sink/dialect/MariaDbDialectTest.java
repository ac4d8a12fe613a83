package dev.ferry.sink.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Kind;
import dev.ferry.schemas.types.SourceColumns;
import dev.ferry.sink.Column;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MariaDbDialectTest {

    private final MariaDbDialect dialect = new MariaDbDialect();
    private final Column id = new Column("id", type(Kind.INT64, false, null, null, null), 0);
    private final Column order = new Column("order", type(Kind.STRING, true, 40, null, "VARCHAR"), 1);
    private final Column doc = new Column("Doc Body", type(Kind.JSON, true, null, null, "JSONB"), 2);
    private final Column pos = new Column("__ferry_position", type(Kind.INT64, true, null, null, null), -1);

    @Test
    void quotesKeywordsMixedCaseSpacesAndEmbeddedBackticks() {
        assertEquals("`order`", dialect.quote("order"));
        assertEquals("`Mixed Case`", dialect.quote("Mixed Case"));
        assertEquals("`a``b`", dialect.quote("a`b"));
        assertEquals("`app`.`user`", dialect.table("app", "user"));
    }

    @Test
    void upsertsManyRowsInOneStatement() {
        assertEquals("INSERT INTO `s`.`t` (`id`, `order`, `Doc Body`) VALUES (?, ?, ?), (?, ?, ?) "
                        + "ON DUPLICATE KEY UPDATE `order` = VALUES(`order`), `Doc Body` = VALUES(`Doc Body`)",
                dialect.upsert("`s`.`t`", List.of(id, order, doc), List.of("id"), 2, null));
    }

    @Test
    void upsertOfKeyOnlyTableChangesNothingOnDuplicateWithoutIgnoringErrors() {
        assertEquals("INSERT INTO t (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `id` = `id`",
                dialect.upsert("t", List.of(id), List.of("id"), 1, null));
    }

    @Test
    void guardedUpsertComparesPositionsPerColumnAndAssignsThePositionLast() {
        String newer = "`__ferry_position` IS NULL OR VALUES(`__ferry_position`) IS NULL OR "
                + "`__ferry_position` <= VALUES(`__ferry_position`)";
        assertEquals("INSERT INTO t (`id`, `order`, `__ferry_position`) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
                        + "`order` = IF(" + newer + ", VALUES(`order`), `order`), "
                        + "`__ferry_position` = IF(" + newer + ", VALUES(`__ferry_position`), `__ferry_position`)",
                dialect.upsert("t", List.of(id, order, pos), List.of("id"), 1, "__ferry_position"));
    }

    @Test
    void deletesManyKeysInOneStatementAndGuardedOneByOne() {
        assertEquals("DELETE FROM t WHERE (`id`, `order`) IN ((?, ?), (?, ?))", dialect.delete("t", List.of(id, order), 2));
        assertEquals("DELETE FROM t WHERE `id` = ? AND (`__ferry_position` IS NULL OR `__ferry_position` <= ?)",
                dialect.guardedDelete("t", List.of(id), "__ferry_position"));
    }

    @Test
    void createsUtf8mb4TableWithBinaryCollationAndPrimaryKey() {
        assertEquals("CREATE TABLE IF NOT EXISTS t (`id` BIGINT NOT NULL, `order` VARCHAR(40) NULL, `Doc Body` JSON NULL, "
                        + "PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
                dialect.createTable("t", List.of(id, order, doc), List.of("id")));
        assertEquals(List.of("ALTER TABLE t ADD COLUMN IF NOT EXISTS `order` VARCHAR(40) NULL"), dialect.addColumn("t", order));
    }

    @Test
    void addsAColumnWithTheValueExistingRowsHoldThenDropsThatDefault() {
        Column label = new Column("label", type(Kind.STRING, true, null, null, "TEXT"), 1, null, "it's \\ new");
        assertEquals(List.of("ALTER TABLE t ADD COLUMN IF NOT EXISTS `label` LONGTEXT NULL DEFAULT 'it''s \\\\ new'",
                "ALTER TABLE t ALTER COLUMN `label` DROP DEFAULT"), dialect.addColumn("t", label));
        Column flag = new Column("flag", type(Kind.BOOLEAN, true, null, null, null), 1, null, "t");
        assertEquals("ALTER TABLE t ADD COLUMN IF NOT EXISTS `flag` BOOLEAN NULL DEFAULT TRUE", dialect.addColumn("t", flag).get(0));
        Column nan = new Column("n", type(Kind.FLOAT64, true, null, null, null), 1, null, "NaN");
        assertEquals(List.of("ALTER TABLE t ADD COLUMN IF NOT EXISTS `n` DOUBLE NULL"), dialect.addColumn("t", nan));
    }

    @Test
    void createsAMariaDbGeneratedColumnWithItsExpressionAndWritesAPostgresOnePlain() {
        Column total = new Column("total", type(Kind.INT64, true, null, null, null), 1,
                new SourceColumns.Generation("`a` + `b`", SourceColumns.MARIADB, true), null);
        Column pgTotal = new Column("pg", type(Kind.INT64, true, null, null, null), 2,
                new SourceColumns.Generation("(a + b)", SourceColumns.POSTGRES, false), null);
        assertEquals("CREATE TABLE IF NOT EXISTS t (`id` BIGINT NOT NULL, `total` BIGINT GENERATED ALWAYS AS (`a` + `b`)"
                        + " VIRTUAL, `pg` BIGINT NULL, PRIMARY KEY (`id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
                dialect.createTable("t", List.of(id, total, pgTotal), List.of("id")));
        assertTrue(dialect.generates(total));
        assertFalse(dialect.generates(pgTotal));
    }

    @Test
    void keyColumnsShareInnoDbsKeyLimitOf3072Bytes() {
        Column text = new Column("name", type(Kind.STRING, false, null, null, "TEXT"), 1);
        Column text2 = new Column("other", type(Kind.STRING, false, null, null, "TEXT"), 2);
        Column bytes = new Column("raw", type(Kind.BYTES, false, null, null, "BYTEA"), 3);
        assertEquals("CREATE TABLE IF NOT EXISTS t (`id` BIGINT NOT NULL, `name` VARCHAR(766) NOT NULL, "
                        + "PRIMARY KEY (`id`, `name`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
                dialect.createTable("t", List.of(id, text), List.of("id", "name")));
        assertEquals("{name=VARCHAR(384), other=VARCHAR(384)}", dialect.keyTypes(List.of(text, text2)).toString());
        assertEquals("{id=BIGINT, name=VARCHAR(383), raw=VARBINARY(1532)}",
                dialect.keyTypes(List.of(id, text, bytes)).toString());
        assertEquals("{name=VARCHAR(768)}", dialect.keyTypes(List.of(text)).toString());
    }

    @Test
    void mapsEveryKindToTheClosestExactType() {
        assertEquals("DECIMAL(38,10)", dialect.columnType(type(Kind.DECIMAL, true, 38, 10, "NUMERIC"), false));
        assertEquals("DECIMAL(65,30)", dialect.columnType(type(Kind.VARIABLE_DECIMAL, true, null, null, "NUMERIC"), false));
        assertEquals("DECIMAL(65,30)", dialect.columnType(type(Kind.DECIMAL, true, 100, 40, "NUMERIC"), false));
        assertEquals("DATETIME(6)", dialect.columnType(type(Kind.TIMESTAMP_TZ, true, null, null, "TIMESTAMPTZ"), false));
        assertEquals("DATETIME(6)", dialect.columnType(type(Kind.TIMESTAMP, true, null, null, "TIMESTAMP"), false));
        assertEquals("TIME(6)", dialect.columnType(type(Kind.TIME, true, null, null, "TIME"), false));
        assertEquals("TIME(6)", dialect.columnType(type(Kind.DURATION, true, null, null, "TIME"), false));
        assertEquals("BIT(12)", dialect.columnType(type(Kind.BYTES, true, 12, null, "BIT"), false));
        assertEquals("CHAR(36) CHARACTER SET ascii", dialect.columnType(type(Kind.UUID, true, null, null, "UUID"), false));
        assertEquals("JSON", dialect.columnType(type(Kind.JSON, true, null, null, "JSONB"), false));
        assertEquals("LONGBLOB", dialect.columnType(type(Kind.BYTES, true, null, null, "BYTEA"), false));
        assertEquals("LONGTEXT", dialect.columnType(type(Kind.STRING, true, 2147483647, null, "TEXT"), false));
        assertEquals("VARCHAR(768)", dialect.columnType(type(Kind.STRING, false, 2147483647, null, "TEXT"), true));
        assertEquals("LONGTEXT", dialect.columnType(type(Kind.STRING, true, 5000, null, "VARCHAR"), false));
        assertEquals("CHAR(3)", dialect.columnType(type(Kind.STRING, true, 3, null, "BPCHAR"), false));
        assertEquals("DOUBLE", dialect.columnType(type(Kind.FLOAT64, true, null, null, "FLOAT8"), false));
        assertEquals("BOOLEAN", dialect.columnType(type(Kind.BOOLEAN, true, null, null, "BOOL"), false));
    }

    @Test
    void refusesNaNAndInfinityAsTypeErrors() {
        ColumnType f = type(Kind.FLOAT64, true, null, null, "FLOAT8");
        SQLDataException e = assertThrows(SQLDataException.class, () -> dialect.bind(recorder(new ArrayList<>()), 1, f, Double.NaN));
        assertEquals("22003", e.getSQLState());
        assertThrows(SQLDataException.class, () -> dialect.bind(recorder(new ArrayList<>()), 1, f, Double.NEGATIVE_INFINITY));
    }

    @Test
    void refusesDecimalsThatWouldBeRoundedOrOverflow() throws Exception {
        ColumnType variable = type(Kind.VARIABLE_DECIMAL, true, null, null, "NUMERIC");
        List<Object> bound = new ArrayList<>();
        dialect.bind(recorder(bound), 1, variable, new BigDecimal("12345678901234567890123456789012345.123456789012345678901234567890"));
        assertEquals(1, bound.size());
        assertThrows(SQLDataException.class, () -> dialect.bind(recorder(bound), 1, variable,
                new BigDecimal("0.1234567890123456789012345678901")));
        assertThrows(SQLDataException.class, () -> dialect.bind(recorder(bound), 1, variable,
                new BigDecimal("123456789012345678901234567890123456")));
        ColumnType fixed = type(Kind.DECIMAL, true, 38, 10, "NUMERIC");
        dialect.bind(recorder(bound), 1, fixed, new BigDecimal("1234567890123456789012345678.0123456789"));
    }

    @Test
    void writesTimestamptzAsItsUtcInstant() throws Exception {
        List<Object> bound = new ArrayList<>();
        dialect.bind(recorder(bound), 1, type(Kind.TIMESTAMP_TZ, true, null, null, "TIMESTAMPTZ"),
                OffsetDateTime.parse("2024-03-01T01:30:00.123456+05:30"));
        assertEquals(LocalDateTime.parse("2024-02-29T20:00:00.123456"), bound.get(0));
    }

    /** A statement that only records the values bound to it. */
    private static PreparedStatement recorder(List<Object> bound) {
        return (PreparedStatement) Proxy.newProxyInstance(MariaDbDialectTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("set")) {
                        bound.add(args[1]);
                    }
                    return null;
                });
    }

    private static ColumnType type(Kind kind, boolean optional, Integer precision, Integer scale, String source) {
        return new ColumnType(kind, optional, precision, scale, source, 0);
    }

    @Test
    void boundsEveryWaitOnTheConnectionInConnectorJUnits() {
        var p = dialect.timeouts("jdbc:mariadb://h/db", java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60),
                java.time.Duration.ofMillis(2500));
        assertEquals("10000", p.getProperty("connectTimeout"));
        assertEquals("60000", p.getProperty("socketTimeout"));
        assertEquals("max_statement_time=2.5", p.getProperty("sessionVariables"));
        assertEquals(null, dialect.timeouts("jdbc:mysql://h/db", java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)).getProperty("sessionVariables"));
    }
}
