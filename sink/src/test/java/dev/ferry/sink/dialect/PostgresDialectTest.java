package dev.ferry.sink.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void upsertsManyRowsInOneStatement() {
        assertEquals("INSERT INTO \"s\".\"t\" (\"id\", \"order\", \"Doc Body\") VALUES (?, ?, CAST(? AS jsonb)), "
                        + "(?, ?, CAST(? AS jsonb)) ON CONFLICT (\"id\") DO UPDATE SET \"order\" = EXCLUDED.\"order\", "
                        + "\"Doc Body\" = EXCLUDED.\"Doc Body\"",
                dialect.upsert("\"s\".\"t\"", List.of(id, order, doc), List.of("id"), 2));
    }

    @Test
    void upsertOfKeyOnlyTableDoesNothingOnConflict() {
        assertEquals("INSERT INTO t (\"id\") VALUES (?) ON CONFLICT (\"id\") DO NOTHING",
                dialect.upsert("t", List.of(id), List.of("id"), 1));
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
        assertEquals("numeric(12,2)", dialect.columnType(type(Kind.DECIMAL, true, 12, 2, "NUMERIC")));
        assertEquals("numeric", dialect.columnType(type(Kind.VARIABLE_DECIMAL, true, null, null, "NUMERIC")));
        assertEquals("timestamptz", dialect.columnType(type(Kind.TIMESTAMP_TZ, true, null, null, "TIMESTAMPTZ")));
        assertEquals("timestamp", dialect.columnType(type(Kind.TIMESTAMP, true, null, null, "TIMESTAMP")));
        assertEquals("uuid", dialect.columnType(type(Kind.UUID, true, null, null, "UUID")));
        assertEquals("json", dialect.columnType(type(Kind.JSON, true, null, null, "JSON")));
        assertEquals("bytea", dialect.columnType(type(Kind.BYTES, true, null, null, "BYTEA")));
        assertEquals("text", dialect.columnType(type(Kind.STRING, true, 2147483647, null, "TEXT")));
        assertEquals("char(3)", dialect.columnType(type(Kind.STRING, true, 3, null, "BPCHAR")));
        assertEquals("double precision", dialect.columnType(type(Kind.FLOAT64, true, null, null, "FLOAT8")));
    }

    private static ColumnType type(Kind kind, boolean optional, Integer precision, Integer scale, String source) {
        return new ColumnType(kind, optional, precision, scale, source, 0);
    }
}
