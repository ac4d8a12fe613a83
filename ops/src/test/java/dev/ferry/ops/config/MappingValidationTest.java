package dev.ferry.ops.config;

import static dev.ferry.ops.config.TestYaml.KAFKA;
import static dev.ferry.ops.config.TestYaml.SOURCES;
import static dev.ferry.ops.config.TestYaml.TARGETS;
import static dev.ferry.ops.config.TestYaml.VALID;
import static dev.ferry.ops.config.TestYaml.parse;
import static dev.ferry.ops.config.TestYaml.problemsOf;
import static dev.ferry.ops.config.TestYaml.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks on {@code mappings:}: references, target-table collisions and column rules. */
class MappingValidationTest {

    @Test
    void refusesMappingToUnknownSourceTable() {
        assertEquals(List.of("mappings[0].from: unknown source table 'legacy.public.custmers'"),
                problemsOf(VALID + """
                        mappings:
                          - from: legacy.public.custmers
                            to: newdb.clients
                        """));
    }

    @Test
    void refusesUnknownSourceAndTarget() {
        assertEquals(List.of("mappings[0].from: unknown source 'legasy'", "mappings[0].to: unknown target 'newbd'"),
                problemsOf(VALID + """
                        mappings:
                          - from: legasy.public.customers
                            to: newbd.clients
                        """));
    }

    @Test
    void refusesMalformedFromAndTo() {
        assertEquals(List.of(
                        "mappings[0].from: must be <source>.<schema>.<table>, got 'legacy.customers'",
                        "mappings[0].to: must be <target>.<table>, got 'newdb.public.clients'",
                        "mappings[1].from: is required",
                        "mappings[1].to: is required"),
                problemsOf(VALID + """
                        mappings:
                          - from: legacy.customers
                            to: newdb.public.clients
                          - {}
                        """));
    }

    @Test
    void refusesTwoMappingsWritingTheSameTable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(resource("colliding-mappings.yaml"), Map.of()));

        assertEquals(List.of(
                "mappings[0].columns.mobile.rename: target column 'contact' is already produced by"
                        + " mappings[0].columns.phone",
                "mappings[2].to: newdb.clients is already written by mappings[0]"), e.problems());
    }

    @Test
    void refusesUnmappedTableCollidingWithAMappedOne() {
        assertEquals(List.of(
                        "sources[0].tables[0]: public.customers has no mapping and would be copied to"
                                + " newdb.customers, which is already written by mappings[0]"),
                problemsOf(VALID + """
                        mappings:
                          - from: legacy.public.orders
                            to: newdb.customers
                        """));
    }

    @Test
    void refusesUnmappedTablesOfTwoSourcesCollidingInATarget() {
        assertEquals(List.of(
                        "sources[1].tables[0]: app.customers has no mapping and would be copied to"
                                + " newdb.customers, which is already written by sources[0].tables[0]"),
                problemsOf(KAFKA + SOURCES + """
                          - name: shop
                            type: mysql
                            url: jdbc:mysql://shop-db/app
                            user: ferry
                            tables: [app.customers]
                        """ + TARGETS));
    }

    @Test
    void refusesInvalidColumnRules() {
        assertEquals(List.of(
                        "mappings[0].columns.a: expected at least one of rename, drop, default, cast, mask",
                        "mappings[0].columns.b.rename: must not be empty",
                        "mappings[0].columns.c.drops: unknown key (expected one of: rename, drop, default, cast, mask)",
                        "mappings[0].columns.d: expected a map with keys rename, drop, default, cast, mask,"
                                + " found a scalar value",
                        "mappings[1].columns: expected a map of column rules (source column: {rename, drop, default,"
                                + " cast, mask}), found a list"),
                problemsOf(VALID + """
                        mappings:
                          - from: legacy.public.customers
                            to: newdb.clients
                            columns:
                              a:
                              b: {rename: ""}
                              c: {drops: true}
                              d: email
                          - from: legacy.public.orders
                            to: newdb.orders
                            columns: [a]
                        """));
    }

    @Test
    void allowsAnyNonEmptyColumnNames() throws ConfigException {
        FerryConfig config = parse(VALID + """
                mappings:
                  - from: legacy.public.customers
                    to: newdb.Clients
                    columns:
                      "First Name": {rename: "select"}
                      Email: {rename: "E-Mail Address"}
                      order: {rename: ORDER}
                """);

        assertEquals(Map.of(
                "First Name", new ColumnRule("select"),
                "Email", new ColumnRule("E-Mail Address"),
                "order", new ColumnRule("ORDER")), config.mappings().get(0).columns());
        assertEquals("Clients", config.mappings().get(0).targetTable());
    }

    @Test
    void addressesColumnsAndTablesByTheirRealNames() throws ConfigException {
        FerryConfig config = parse(KAFKA + """
                sources:
                  - name: legacy
                    type: postgres
                    url: jdbc:postgresql://legacy-db:5432/app
                    user: ferry
                    tables: [public.Client List, 'public.日本 "x"']
                """ + TARGETS + """
                mappings:
                  - from: legacy.public.Client List
                    to: newdb.Given Names
                    keep: [row id, "first name", "a b", a_b, 日本, '"quoted"']
                    filter: '"first name" = ''Ann'''
                    columns:
                      "first name": {rename: given}
                      "a b": {rename: "A  B"}
                      '"quoted"': {rename: 'it''s "q"'}
                    validate:
                      - {id: ab-present, rule: not-null, column: "a b"}
                """);

        MappingSection m = config.mappings().get(0);
        assertEquals(new TableName("public", "Client List"), m.sourceTable());
        assertEquals("Given Names", m.targetTable());
        assertEquals(List.of("row id", "first name", "a b", "a_b", "日本", "\"quoted\""), m.keep());
        assertEquals("\"first name\" = 'Ann'", m.filter());
        assertEquals(Map.of("first name", new ColumnRule("given"), "a b", new ColumnRule("A  B"),
                "\"quoted\"", new ColumnRule("it's \"q\"")), m.columns());
        assertEquals(java.util.Set.of("a b"), m.validations().get(0).columns());
        assertEquals(new TableName("public", "日本 \"x\""), config.sources().get(0).tables().get(1));
        // The identity mapping of the other table keeps its name too.
        assertEquals("日本 \"x\"", config.effectiveMappings().get(1).targetTable());
    }

    @Test
    void doesNotEchoProblemsOfBrokenSourcesIntoMappings() {
        assertEquals(List.of(
                        "sources[0].name: must match [a-z][a-z0-9_]*, got 'Legacy'",
                        "sources[0].tables[1]: must be <schema>.<table>, got 'orders'"),
                problemsOf(KAFKA + SOURCES.replace("name: legacy", "name: Legacy")
                        .replace("public.orders", "orders") + TARGETS + """
                        mappings:
                          - from: Legacy.public.orders
                            to: newdb.orders
                        """));
    }
}
