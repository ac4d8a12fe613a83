package dev.ferry.ops.config;

import static dev.ferry.ops.config.TestYaml.VALID;
import static dev.ferry.ops.config.TestYaml.parse;
import static dev.ferry.ops.config.TestYaml.problemsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The optional {@code http:} section. */
class HttpSectionTest {

    @Test
    void servesOnPort8080WhenTheSectionIsAbsent() throws ConfigException {
        assertEquals(8080, parse(VALID).http().port());
    }

    @Test
    void readsThePort() throws ConfigException {
        assertEquals(9464, parse(VALID + "http:\n  port: 9464\n").http().port());
    }

    @Test
    void acceptsPortZeroToPickAFreePort() throws ConfigException {
        assertEquals(0, parse(VALID + "http:\n  port: 0\n").http().port());
    }

    @Test
    void refusesAPortOutOfRangeAndUnknownKeys() {
        assertEquals(Set.of("http.port: must be between 0 and 65535, got 70000",
                        "http.host: unknown key (expected one of: port)"),
                Set.copyOf(problemsOf(VALID + "http:\n  port: 70000\n  host: x\n")));
    }
}
