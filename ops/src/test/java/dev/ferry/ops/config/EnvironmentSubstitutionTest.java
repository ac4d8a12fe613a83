package dev.ferry.ops.config;

import static dev.ferry.ops.config.TestYaml.KAFKA;
import static dev.ferry.ops.config.TestYaml.SOURCES;
import static dev.ferry.ops.config.TestYaml.TARGETS;
import static dev.ferry.ops.config.TestYaml.parse;
import static dev.ferry.ops.config.TestYaml.problemsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${env:NAME}} substitution in scalar values. */
class EnvironmentSubstitutionTest {

    private static final String SOURCE_WITH_ENV = """
            sources:
              - name: legacy
                type: postgres
                url: jdbc:postgresql://${env:DB_HOST}:${env:DB_PORT}/app
                user: ferry
                password: ${env:SOURCE_PW}
                tables: [public.customers]
            """;

    @Test
    void replacesEnvironmentVariables() throws ConfigException {
        FerryConfig config = parse(KAFKA + """
                  partitions: ${env:PARTITIONS}
                  properties:
                    client.id: ferry-${env:HOSTNAME}-${env:HOSTNAME}
                """ + SOURCE_WITH_ENV + TARGETS, Map.of(
                "PARTITIONS", "12", "HOSTNAME", "node1", "DB_HOST", "db.internal", "DB_PORT", "6432",
                "SOURCE_PW", "s3cr3t"));

        assertEquals(12, config.kafka().partitions());
        assertEquals("ferry-node1-node1", config.kafka().properties().get("client.id"));
        SourceSection source = config.sources().get(0);
        assertEquals("jdbc:postgresql://db.internal:6432/app", source.url());
        assertEquals("s3cr3t", source.password().reveal());
    }

    @Test
    void reportsMissingEnvironmentVariable() {
        assertEquals(List.of(
                        "sources[0].url: environment variable DB_HOST is not set",
                        "sources[0].url: environment variable DB_PORT is not set",
                        "sources[0].password: environment variable SOURCE_PW is not set"),
                problemsOf(KAFKA + SOURCE_WITH_ENV + TARGETS));
    }

    @Test
    void validatesValuesAfterSubstitution() {
        assertEquals(List.of(
                        "kafka.partitions: must be an integer between 1 and 1000, got 'many'",
                        "sources[0].url: must look like jdbc:postgresql://host[:port]/database"
                                + " (port must be a number between 1 and 65535)"),
                problemsOf(KAFKA + "  partitions: ${env:PARTITIONS}\n" + SOURCE_WITH_ENV + TARGETS, Map.of(
                        "PARTITIONS", "many", "DB_HOST", "db", "DB_PORT", "", "SOURCE_PW", "")));
    }

    @Test
    void insertsEnvironmentValuesLiterally() throws ConfigException {
        FerryConfig config = parse(KAFKA + SOURCE_WITH_ENV + TARGETS, Map.of(
                "DB_HOST", "db", "DB_PORT", "5432", "SOURCE_PW", "${env:OTHER}$x}"));

        assertEquals("${env:OTHER}$x}", config.sources().get(0).password().reveal());
    }

    @Test
    void reportsMalformedReferences() {
        assertEquals(List.of(
                        "kafka.topic-prefix: invalid environment variable name 'MY-VAR' in ${env:...} reference",
                        "kafka.topic-prefix: unterminated ${env:...} reference (missing '}')"),
                problemsOf(KAFKA + "  topic-prefix: ${env:MY-VAR}-${env:PREFIX\n" + SOURCES + TARGETS));
    }

    @Test
    void leavesKeysAndOtherDollarSignsAlone() throws ConfigException {
        FerryConfig config = parse(KAFKA + """
                  properties:
                    ${env:KEY}: $HOME ${USER} {env:X}
                """ + SOURCES + TARGETS, Map.of("KEY", "client.id"));

        assertEquals(Map.of("${env:KEY}", "$HOME ${USER} {env:X}"), config.kafka().properties());
    }
}
