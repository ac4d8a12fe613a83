package dev.ferry.ops.config;

import static dev.ferry.ops.config.TestYaml.KAFKA;
import static dev.ferry.ops.config.TestYaml.SOURCES;
import static dev.ferry.ops.config.TestYaml.TARGETS;
import static dev.ferry.ops.config.TestYaml.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link FerryConfig#effectiveMappings()}: explicit mappings plus identity copies of the rest. */
class EffectiveMappingsTest {

    private static final String TWO_TARGETS = TARGETS + """
              - name: archive
                type: mariadb
                url: jdbc:mariadb://archive-db/archive
                user: ferry
            """;

    @Test
    void addsIdentityMappingsForUnmappedTables() throws ConfigException {
        FerryConfig config = parse(KAFKA + SOURCES + TWO_TARGETS);

        TableName customers = new TableName("public", "customers");
        TableName orders = new TableName("public", "orders");
        assertEquals(List.of(
                new MappingSection("legacy", customers, "newdb", "customers", Map.of()),
                new MappingSection("legacy", customers, "archive", "customers", Map.of()),
                new MappingSection("legacy", orders, "newdb", "orders", Map.of()),
                new MappingSection("legacy", orders, "archive", "orders", Map.of())), config.effectiveMappings());
        assertEquals(List.of(), config.mappings());
    }

    @Test
    void explicitMappingsComeFirstAndReplaceIdentityCopiesInEveryTarget() throws ConfigException {
        FerryConfig config = parse(KAFKA + SOURCES + TWO_TARGETS + """
                mappings:
                  - from: legacy.public.orders
                    to: archive.old_orders
                    columns:
                      id: {rename: order_id}
                """);

        TableName customers = new TableName("public", "customers");
        TableName orders = new TableName("public", "orders");
        assertEquals(List.of(
                new MappingSection("legacy", orders, "archive", "old_orders", Map.of("id", new ColumnRule("order_id"))),
                MappingSection.identity("legacy", customers, "newdb"),
                MappingSection.identity("legacy", customers, "archive")), config.effectiveMappings());
        assertTrue(config.hasExplicitMapping("legacy", orders));
        assertFalse(config.hasExplicitMapping("legacy", customers));
    }

    @Test
    void describesMappingsInYamlNotation() {
        MappingSection mapping = MappingSection.identity("legacy", TableName.parse("public.customers"), "newdb");

        assertEquals("legacy.public.customers", mapping.from());
        assertEquals("newdb.customers", mapping.to());
    }
}
