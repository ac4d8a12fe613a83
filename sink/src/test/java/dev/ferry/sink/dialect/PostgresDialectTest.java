package dev.ferry.sink.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.types.ColumnType;
import dev.ferry.schemas.types.Kind;
import dev.ferry.sink.Column;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresDialectTest {

    private final PostgresDialect dialect = new PostgresDialect();
    private final Column id = new Column("id", type(Kind.INT64, false, null, null, null), 0);
    private final Column order = new Column("order", type(Kind.STRING, true, 40, null, "VARCHAR"), 1);
    private final Column doc = new Column("Doc Body", type(Kind.JSON, true, null, null, "JSONB"), 2);

    @Test
    void quotesKeywordsMixedCaseAndEmbeddedQuotes() {
        assertEquals("\"order\"", dialect.quote("order"));
        assertEquals("\"Mixed Case\"", dialect.quote("Mixed Case"));
        assertEquals("\"a\"\"b\"", dialect.quote("a\"b"));
        assertEquals("\"public\".\"user\"", dialect.table("public", "user"));
    }

    @Test
    void refusesNamesLongerThanPostgresKeeps() {
        assertTrue(dialect.identifierProblem("x".repeat(63)).isEmpty());
        assertTrue(dialect.identifierProblem("日".repeat(21)).isEmpty(), "63 bytes");
        assertTrue(dialect.identifierProblem("x".repeat(64)).orElseThrow().contains("64 bytes"));
        assertTrue(dialect.identifierProblem("日".repeat(22)).orElseThrow().contains("66 bytes"));
        assertTrue(new MariaDbDialect().identifierProblem("x".repeat(64)).isEmpty());
    }

    @Test
    void upsertsManyRowsInOneStatement() {
        assertEquals("INSERT INTO \"s\".\"t\" (\"id\", \"order\", \"Doc Body\") VALUES (?, ?, CAST(? AS jsonb)), "
                        + "(?, ?, CAST(? AS jsonb)) ON CONFLICT (\"id\") DO UPDATE SET \"order\" = EXCLUDED.\"order\", "
                        + "\"Doc Body\" = EXCLUDED.\"Doc Body\"",
                dialect.upsert("\"s\".\"t\"", List.of(id, order, doc), List.of("id"), 2, null));
    }

    @Test
    void writesPostgresTextIntoTheSourceTypeWithACastToIt() {
        Column tags = new Column("tags", type(Kind.PG_TEXT, true, null, null, "public.\"Mood\"[]"), 1);
        Column at = new Column("at", type(Kind.PG_TEXT, false, null, null, "timestamp(3) with time zone"), 0);
        assertEquals("public.\"Mood\"[]", dialect.columnType(tags.type(), false));
        assertEquals("INSERT INTO t (\"at\", \"tags\") VALUES (CAST(? AS timestamp(3) with time zone), "
                        + "CAST(? AS public.\"Mood\"[])) ON CONFLICT (\"at\") DO UPDATE SET \"tags\" = EXCLUDED.\"tags\"",
                dialect.upsert("t", List.of(at, tags), List.of("at"), 1, null));
        assertEquals("DELETE FROM t WHERE (\"at\") IN ((CAST(? AS timestamp(3) with time zone)))",
                dialect.delete("t", List.of(at), 1));
    }

    @Test
    void refusesAValueCaptureCouldNotRenderExactly() throws Exception {
        assertEquals("{1,NULL}", PostgresDialect.pgText("{1,NULL}"));
        java.sql.SQLDataException e = assertThrows(java.sql.SQLDataException.class,
                () -> PostgresDialect.pgText(dev.ferry.schemas.types.PgText.refused("column t.c: offset lost")));
        assertEquals("column t.c: offset lost", e.getMessage());
        assertEquals("22000", e.getSQLState());
    }

    @Test
    void upsertOfKeyOnlyTableDoesNothingOnConflict() {
        assertEquals("INSERT INTO t (\"id\") VALUES (?) ON CONFLICT (\"id\") DO NOTHING",
                dialect.upsert("t", List.of(id), List.of("id"), 1, null));
    }

    @Test
    void guardedUpsertOnlyOverwritesARowWhosePositionIsNotNewer() {
        Column pos = new Column("__ferry_position", type(Kind.INT64, true, null, null, null), -1);
        assertEquals("INSERT INTO t AS ferry_target (\"id\", \"order\", \"__ferry_position\") VALUES (?, ?, ?) "
                        + "ON CONFLICT (\"id\") DO UPDATE SET \"order\" = EXCLUDED.\"order\", "
                        + "\"__ferry_position\" = EXCLUDED.\"__ferry_position\" WHERE ferry_target.\"__ferry_position\" IS NULL "
                        + "OR EXCLUDED.\"__ferry_position\" IS NULL OR ferry_target.\"__ferry_position\" <= EXCLUDED.\"__ferry_position\"",
                dialect.upsert("t", List.of(id, order, pos), List.of("id"), 1, "__ferry_position"));
    }

    @Test
    void guardedDeleteOnlyRemovesARowWhosePositionIsNotNewer() {
        assertEquals("DELETE FROM t WHERE \"id\" = ? AND (\"__ferry_position\" IS NULL OR \"__ferry_position\" <= ?)",
                dialect.guardedDelete("t", List.of(id), "__ferry_position"));
    }

    @Test
    void addsANullableColumn() {
        assertEquals(List.of("ALTER TABLE t ADD COLUMN IF NOT EXISTS \"order\" varchar(40)"), dialect.addColumn("t", order));
    }

    @Test
    void createsTheBatchLog() {
        assertTrue(dialect.createBatchLog("\"public\".\"ferry_batch_log\"").startsWith(
                "CREATE TABLE IF NOT EXISTS \"public\".\"ferry_batch_log\" (\"id\" bigserial PRIMARY KEY"));
        assertEquals("INSERT INTO x (\"table_name\", \"partition_id\", \"first_offset\", \"last_offset\", \"row_count\", "
                + "\"outcome\", \"error\", \"cause\", \"dead_letter_topic\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                dialect.insertBatchLog("x"));
    }

    @Test
    void choosesTheDialectFromTheUrl() {
        assertTrue(Dialect.forUrl("jdbc:postgresql://h/db") instanceof PostgresDialect);
        assertTrue(Dialect.forUrl("jdbc:mariadb://h/db") instanceof MariaDbDialect);
        assertTrue(Dialect.forUrl("jdbc:mysql://h/db") instanceof MariaDbDialect);
        assertThrows(IllegalArgumentException.class, () -> Dialect.forUrl("jdbc:oracle:thin:@h"));
    }

    @Test
    void deletesManyKeysInOneStatement() {
        assertEquals("DELETE FROM t WHERE (\"id\", \"order\") IN ((?, ?), (?, ?), (?, ?))",
                dialect.delete("t", List.of(id, order), 3));
    }

    @Test
    void createsTableWithExactTypesAndPrimaryKey() {
        assertEquals("CREATE TABLE IF NOT EXISTS t (\"id\" bigint NOT NULL, \"order\" varchar(40), \"Doc Body\" jsonb, "
                + "PRIMARY KEY (\"id\"))", dialect.createTable("t", List.of(id, order, doc), List.of("id")));
    }

    @Test
    void mapsEveryKindToATypeThatKeepsItsValues() {
        assertEquals("numeric(12,2)", dialect.columnType(type(Kind.DECIMAL, true, 12, 2, "NUMERIC"), false));
        assertEquals("numeric", dialect.columnType(type(Kind.VARIABLE_DECIMAL, true, null, null, "NUMERIC"), false));
        assertEquals("timestamptz", dialect.columnType(type(Kind.TIMESTAMP_TZ, true, null, null, "TIMESTAMPTZ"), false));
        assertEquals("timestamp", dialect.columnType(type(Kind.TIMESTAMP, true, null, null, "TIMESTAMP"), false));
        assertEquals("uuid", dialect.columnType(type(Kind.UUID, true, null, null, "UUID"), false));
        assertEquals("json", dialect.columnType(type(Kind.JSON, true, null, null, "JSON"), false));
        assertEquals("bytea", dialect.columnType(type(Kind.BYTES, true, null, null, "BYTEA"), false));
        assertEquals("bit(12)", dialect.columnType(type(Kind.BYTES, true, 12, null, "BIT"), false));
        assertEquals("interval", dialect.columnType(type(Kind.DURATION, true, null, null, "TIME"), false));
        assertEquals("text", dialect.columnType(type(Kind.STRING, true, 2147483647, null, "TEXT"), false));
        assertEquals("char(3)", dialect.columnType(type(Kind.STRING, true, 3, null, "BPCHAR"), false));
        assertEquals("double precision", dialect.columnType(type(Kind.FLOAT64, true, null, null, "FLOAT8"), false));
    }

    private static ColumnType type(Kind kind, boolean optional, Integer precision, Integer scale, String source) {
        return new ColumnType(kind, optional, precision, scale, source, 0);
    }

    @Test
    void boundsEveryWaitOnTheConnectionInPgjdbcUnits() {
        var p = dialect.timeouts("jdbc:postgresql://h/db", java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60),
                java.time.Duration.ofSeconds(30));
        assertEquals("10", p.getProperty("connectTimeout"));
        assertEquals("60", p.getProperty("socketTimeout"));
        assertEquals("-c statement_timeout=30000", p.getProperty("options"));
    }
}
