package dev.ferry.ops.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Building blocks for configuration tests: valid sections to combine, and load helpers. */
final class TestYaml {

    static final String KAFKA = """
            kafka:
              bootstrap-servers: localhost:9092
              schema-registry: http://localhost:8081
            """;

    static final String SOURCES = """
            sources:
              - name: legacy
                type: postgres
                url: jdbc:postgresql://legacy-db:5432/app
                user: ferry
                tables: [public.customers, public.orders]
            """;

    static final String TARGETS = """
            targets:
              - name: newdb
                type: postgres
                url: jdbc:postgresql://new-db:5432/newapp
                user: ferry
            """;

    /** A minimal valid document. */
    static final String VALID = KAFKA + SOURCES + TARGETS;

    private TestYaml() {
    }

    static FerryConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "ferry.yaml", Map.of());
    }

    static FerryConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return ConfigLoader.parse(yaml, "ferry.yaml", env);
    }

    /** The problems of a document that must fail to load. */
    static List<String> problemsOf(String yaml) {
        return problemsOf(yaml, Map.of());
    }

    static List<String> problemsOf(String yaml, Map<String, String> env) {
        return assertThrows(ConfigException.class, () -> parse(yaml, env)).problems();
    }

    /** A file under {@code src/test/resources/config/}. */
    static Path resource(String name) {
        URL url = TestYaml.class.getResource("/config/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource config/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
