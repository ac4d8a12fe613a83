package dev.ferry.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.connect.ColumnNaming;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** Names Debezium's PostgreSQL stream reads as quoted get their real name back; ambiguous tables are refused. */
class PostgresColumnNamesTest {

    @Test
    void namesWrappedInOneQuoteCharacterStreamWithoutIt() {
        assertEquals("quoted", PostgresColumnNames.asStreamed("\"quoted\""));
        assertEquals("it's", PostgresColumnNames.asStreamed("'it''s'"));
        assertEquals("b", PostgresColumnNames.asStreamed("`b`"));
        assertEquals("say \"hi\"", PostgresColumnNames.asStreamed("say \"hi\""));
        assertEquals("\"", PostgresColumnNames.asStreamed("\""));
        assertEquals("\"x'", PostgresColumnNames.asStreamed("\"x'"));
    }

    @Test
    void rowFieldsGetTheirRealNamesAndOtherStructsAreLeftAlone() {
        ColumnNaming naming = PostgresColumnNames.naming(PostgresColumnNames.repairs(List.of("id", "\"quoted\"", "a b")));
        var value = SchemaBuilder.struct().name("ferry.legacy.public.T.Value").build();
        var source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source").build();
        assertEquals("\"quoted\"", naming.columnOf(value, "quoted"));
        assertEquals("\"quoted\"", naming.columnOf(value, "\"quoted\""));
        assertEquals("a b", naming.columnOf(value, "a b"));
        assertEquals("quoted", naming.columnOf(source, "quoted"));
        assertEquals(ColumnNaming.AS_NAMED, PostgresColumnNames.naming(Map.of()));
    }

    @Test
    void refusesTablesWhoseNamesTheStreamCannotTellApart() {
        assertTrue(PostgresColumnNames.problem(List.of("id", "\"x\"", "x")).orElseThrow().contains("\"x\" and x"));
        assertTrue(PostgresColumnNames.problem(List.of("id", "Name", "name")).orElseThrow().contains("differ only in case"));
        assertTrue(PostgresColumnNames.problem(List.of("id", "\"x\"", "a b", "a_b")).isEmpty());
    }
}
