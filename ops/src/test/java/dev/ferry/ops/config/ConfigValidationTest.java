package dev.ferry.ops.config;

import static dev.ferry.ops.config.TestYaml.KAFKA;
import static dev.ferry.ops.config.TestYaml.SOURCES;
import static dev.ferry.ops.config.TestYaml.TARGETS;
import static dev.ferry.ops.config.TestYaml.problemsOf;
import static dev.ferry.ops.config.TestYaml.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every section's checks, and that all problems are reported at once with their paths. */
class ConfigValidationTest {

    @Test
    void reportsEveryProblemWithItsPath() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(resource("five-problems.yaml"), Map.of()));

        assertEquals(List.of(
                "kafka.partitons: unknown key (expected one of: bootstrap-servers, schema-registry, schema-registry-user,"
                        + " schema-registry-password, schema-registry-truststore,"
                        + " schema-registry-truststore-password, topic-prefix, partitions, replication-factor, max-record-bytes, properties)",
                "sources[0].password: environment variable SOURCE_PW is not set",
                "targets[0].url: must start with jdbc:postgresql:",
                "targets[0].batch-size: must be between 1 and 100000, got 0",
                "mappings[1].from: unknown source table 'legacy.public.custmers'"), e.problems());
    }

    @Test
    void reportsWrongShapesNamingWhatWasExpected() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(resource("wrong-shapes.yaml"), Map.of()));

        assertEquals(List.of(
                "kafka: expected a map with keys bootstrap-servers, schema-registry, schema-registry-user,"
                        + " schema-registry-password, schema-registry-truststore,"
                        + " schema-registry-truststore-password, topic-prefix, partitions, replication-factor, max-record-bytes, properties, found a list",
                "sources: expected a list of sources, found a map",
                "targets[0].type: must be one of postgres, mariadb, mysql, got 'oracle'",
                "targets[0].user: expected a string, found a list",
                "targets[0].batch-size: must be an integer between 1 and 100000, got 'three'",
                "targets[0].batch-linger-ms: must be between 0 and 60000, got 60001",
                "targets[0].ddl: must be one of create, evolve, none, got 'drop'",
                "targets[0].conflict: must be one of last-writer, newer-wins, got 'oldest-wins'",
                "targets[0].fk-retry: must be a duration like 500ms, 30s, 5m or 2h, got '5 minutes'",
                "targets[0].batch-log: must be true or false, got 'yes'",
                "targets[0].restart-attempts: must be between 0 and 1000, got -1",
                "targets[0].connect-timeout: must be more than 0",
                "mappings: expected a list of mappings, found a scalar value"), e.problems());
    }

    @Test
    void refusesUnknownKeys() {
        List<String> problems = problemsOf("""
                kafak: {}
                """ + KAFKA + """
                  partitons: 3
                sources:
                  - name: legacy
                    type: postgres
                    url: jdbc:postgresql://db/app
                    user: ferry
                    tables: [public.customers]
                    snapshots: never
                targets:
                  - name: newdb
                    type: postgres
                    url: jdbc:postgresql://db/new
                    user: ferry
                    batchSize: 10
                mappings:
                  - from: legacy.public.customers
                    to: newdb.clients
                    column: {}
                """);

        assertEquals(List.of(
                "kafak: unknown key (expected one of: kafka, sources, targets, masking, mappings, http, transform)",
                "kafka.partitons: unknown key (expected one of: bootstrap-servers, schema-registry, schema-registry-user,"
                        + " schema-registry-password, schema-registry-truststore,"
                        + " schema-registry-truststore-password, topic-prefix, partitions, replication-factor, max-record-bytes, properties)",
                "sources[0].snapshots: unknown key (expected one of: name, type, url, user, password, tables, snapshot)",
                "targets[0].batchSize: unknown key (expected one of: name, type, url, user, password, schema,"
                        + " batch-size, batch-linger-ms, ddl, conflict, fk-retry, batch-log, restart-attempts,"
                        + " connect-timeout, socket-timeout, statement-timeout, parking-max-rows, parking-max-mb, truncate)",
                "mappings[0].column: unknown key (expected one of: from, to, columns, keep, add, filter, delete, soft-delete-column, mask-salt, validate)"), problems);
    }

    @Test
    void refusesYamlMergeKeys() {
        assertEquals(List.of("kafka[\"<<\"]: YAML merge keys (<<) are not supported"),
                problemsOf(KAFKA + "  <<: {partitions: 3}\n" + SOURCES + TARGETS));
    }

    @Test
    void reportsMissingRequiredKeys() {
        assertEquals(List.of("kafka: is required", "sources: is required", "targets: is required"),
                problemsOf("mappings: []\n"));
        assertEquals(List.of(
                        "kafka.bootstrap-servers: is required",
                        "kafka.schema-registry: is required",
                        "sources[0].name: is required",
                        "sources[0].type: is required",
                        "sources[0].url: is required",
                        "sources[0].user: is required",
                        "sources[0].tables: is required"),
                problemsOf("kafka: {}\nsources: [{}]\n" + TARGETS));
    }

    @Test
    void refusesEmptyListsAndValues() {
        assertEquals(List.of(
                        "sources: must list at least one source",
                        "targets[0].user: must not be empty",
                        "targets[0].schema: must not be empty"),
                problemsOf(KAFKA + """
                        sources: []
                        targets:
                          - name: newdb
                            type: postgres
                            url: jdbc:postgresql://db/new
                            user: " "
                            schema: ""
                        """));
        assertEquals(List.of("sources[0].tables: must list at least one table", "targets: must list at least one target"),
                problemsOf(KAFKA + SOURCES.replace("[public.customers, public.orders]", "[]") + "targets: []\n"));
    }

    @Test
    void refusesUrlThatDoesNotMatchType() {
        assertEquals(List.of(
                        "sources[0].url: must start with jdbc:mariadb:",
                        "targets[0].url: must start with jdbc:mysql:"),
                problemsOf(KAFKA + SOURCES.replace("type: postgres", "type: mariadb")
                        + TARGETS.replace("type: postgres", "type: mysql")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            postgres | jdbc:postgresql:app                  | must look like jdbc:postgresql://host[:port]/database (missing //)
            postgres | jdbc:postgresql://db                 | must look like jdbc:postgresql://host[:port]/database (missing database)
            postgres | jdbc:postgresql://db:5432/           | must look like jdbc:postgresql://host[:port]/database (missing database)
            postgres | jdbc:postgresql:///app               | must look like jdbc:postgresql://host[:port]/database (missing host)
            postgres | jdbc:postgresql://db:port/app        | must look like jdbc:postgresql://host[:port]/database (port must be a number between 1 and 65535)
            postgres | jdbc:postgresql://db:70000/app       | must look like jdbc:postgresql://host[:port]/database (port must be a number between 1 and 65535)
            postgres | jdbc:postgresql://a:1,b:2/app        | must look like jdbc:postgresql://host[:port]/database (only one host is supported)
            mysql    | jdbc:mysql://me:secret@db/app        | must look like jdbc:mysql://host[:port]/database (credentials in the URL are not supported, use user and password)
            mariadb  | jdbc:mariadb://db/app/extra          | must look like jdbc:mariadb://host[:port]/database (invalid database)
            mariadb  | postgresql://db/app                  | must start with jdbc:mariadb:
            """)
    void refusesMalformedUrls(String type, String url, String problem) {
        assertEquals(List.of("targets[0].url: " + problem),
                problemsOf(KAFKA + SOURCES + TARGETS.replace("type: postgres", "type: " + type)
                        .replace("jdbc:postgresql://new-db:5432/newapp", url)));
    }

    @Test
    void refusesBadKafkaAddresses() {
        assertEquals(List.of(
                        "kafka.bootstrap-servers: 'localhost' is not host:port with a port between 1 and 65535",
                        "kafka.bootstrap-servers: 'broker:http' is not host:port with a port between 1 and 65535",
                        "kafka.bootstrap-servers: contains an empty entry (check the commas)",
                        "kafka.schema-registry: must be an http:// or https:// URL with a host, e.g. http://localhost:8081"),
                problemsOf("""
                        kafka:
                          bootstrap-servers: localhost, broker:http,,ok:9092
                          schema-registry: localhost:8081
                        """ + SOURCES + TARGETS));
    }

    @Test
    void refusesRegistryCredentialsInTheUrlOrHalfGiven() {
        assertEquals(List.of(
                        "kafka.schema-registry: must not carry credentials (URLs get printed): "
                                + "set kafka.schema-registry-user and kafka.schema-registry-password instead"),
                problemsOf("""
                        kafka:
                          bootstrap-servers: broker:9092
                          schema-registry: https://key:secret@registry.example.com
                        """ + SOURCES + TARGETS));
        assertEquals(List.of(
                        "kafka.schema-registry-password: schema-registry-user and schema-registry-password go together: "
                                + "set both or neither"),
                problemsOf(KAFKA + """
                          schema-registry-password: secret
                        """ + SOURCES + TARGETS));
        assertEquals(List.of(
                        "kafka.schema-registry-user: schema-registry-user and schema-registry-password go together: "
                                + "set both or neither"),
                problemsOf(KAFKA + """
                          schema-registry-user: key
                        """ + SOURCES + TARGETS));
    }

    @Test
    void refusesOutOfRangeAndNonIntegerNumbers() {
        assertEquals(List.of(
                        "kafka.topic-prefix: must match [A-Za-z0-9_-]+ (no dots), got 'my.app'",
                        "kafka.partitions: must be between 1 and 1000, got 1001",
                        "kafka.replication-factor: must be an integer between 1 and 10, got '1.5'"),
                problemsOf(KAFKA + """
                          topic-prefix: my.app
                          partitions: 1001
                          replication-factor: 1.5
                        """ + SOURCES + TARGETS));
    }

    @Test
    void refusesKafkaPropertiesThatAreNotPlainValues() {
        assertEquals(List.of(
                        "kafka.properties.bootstrap.servers: set kafka.bootstrap-servers instead",
                        "kafka.properties.ssl: expected a scalar value, found a map",
                        "kafka.properties.acks: must have a value"),
                problemsOf(KAFKA + """
                          properties:
                            bootstrap.servers: other:9092
                            ssl: {protocol: TLS}
                            acks:
                        """ + SOURCES + TARGETS));
    }

    @Test
    void refusesInvalidAndDuplicateNames() {
        assertEquals(List.of(
                        "sources[0].name: must match [a-z][a-z0-9_]*, got 'Legacy'",
                        "targets[1].name: 'newdb' is already used by targets[0]"),
                problemsOf(KAFKA + SOURCES.replace("name: legacy", "name: Legacy") + TARGETS
                        + TARGETS.replace("targets:\n", "")));
    }

    @Test
    void refusesMalformedAndDuplicateTables() {
        assertEquals(List.of(
                        "sources[0].tables[0]: must be <schema>.<table>, got 'customers'",
                        "sources[0].tables[2]: public.orders is already listed by sources[0].tables[1]",
                        "sources[0].tables[3]: must be <schema>.<table>, got 'app.public.items'",
                        "sources[0].tables[4]: expected a string, found a map"),
                problemsOf(KAFKA + SOURCES.replace("[public.customers, public.orders]",
                        "[customers, public.orders, public.orders, app.public.items, {a: b}]") + TARGETS));
    }

    @Test
    void refusesUnknownEnumValues() {
        assertEquals(List.of(
                        "sources[0].type: must be one of postgres, mariadb, mysql, got 'Postgres'",
                        "sources[0].snapshot: must be one of initial, never, got 'always'"),
                problemsOf(KAFKA + SOURCES.replace("type: postgres", "type: Postgres") + "    snapshot: always\n"
                        + TARGETS));
    }

    @Test
    void reportsRootThatIsNotAMap() {
        assertEquals(List.of("expected a map with keys kafka, sources, targets, masking, mappings, http, transform, found a list"),
                problemsOf("- kafka\n- sources\n"));
    }
}
