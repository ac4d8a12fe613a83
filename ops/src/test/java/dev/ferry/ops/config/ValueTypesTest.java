package dev.ferry.ops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link TableName} and {@link JdbcUrl} parsing. */
class ValueTypesTest {

    @Test
    void parsesAndPrintsTableNames() {
        TableName table = TableName.parse("public.customers");

        assertEquals(new TableName("public", "customers"), table);
        assertEquals("public.customers", table.toString());
        assertEquals(table, TableName.parse(table.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"customers", "a.b.c", ".customers", "public.", " .x"})
    void refusesTableNamesWithoutExactlyOneDotBetweenTwoParts(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableName.parse(text));

        assertEquals("must be <schema>.<table>, got '" + text + "'", e.getMessage());
    }

    @Test
    void parsesJdbcUrls() {
        assertEquals(new JdbcUrl(DbType.POSTGRES, "db", 5432, "app"),
                JdbcUrl.parse(DbType.POSTGRES, "jdbc:postgresql://db/app?sslmode=require"));
        assertEquals(new JdbcUrl(DbType.MARIADB, "10.0.0.5", 3307, "shop"),
                JdbcUrl.parse(DbType.MARIADB, "jdbc:mariadb://10.0.0.5:3307/shop"));
        assertEquals(new JdbcUrl(DbType.MYSQL, "::1", 3306, "shop"),
                JdbcUrl.parse(DbType.MYSQL, "jdbc:mysql://[::1]/shop"));
    }

    @Test
    void refusesJdbcUrlOfAnotherType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JdbcUrl.parse(DbType.POSTGRES, "jdbc:mysql://db/app"));

        assertEquals("must start with jdbc:postgresql:", e.getMessage());
    }
}
