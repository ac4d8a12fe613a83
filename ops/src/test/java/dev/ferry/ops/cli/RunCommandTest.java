package dev.ferry.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void refusesBadConfigWithEveryProblemAndExitStatusTwo() throws Exception {
        Path config = dir.resolve("ferry.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrap-servers: localhost
                  schema-registry: http://localhost:8081
                  partitons: 3
                sources:
                  - name: legacy
                    type: oracle
                    url: jdbc:postgresql://db/app
                    user: u
                    tables: [customers]
                targets: []
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run("run", "--config", config.toString());
        } finally {
            System.setErr(original);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.BAD_USAGE, status);
        assertTrue(printed.contains("kafka.bootstrap-servers"), printed);
        assertTrue(printed.contains("kafka.partitons: unknown key"), printed);
        assertTrue(printed.contains("sources[0].type"), printed);
        assertTrue(printed.contains("sources[0].tables[0]"), printed);
        assertTrue(printed.contains("targets"), printed);
    }

    @Test
    void missingConfigFileIsBadUsage() {
        assertEquals(Main.BAD_USAGE, Main.run("run", "--config", dir.resolve("absent.yaml").toString()));
    }

    @Test
    void unknownStageIsBadUsage() {
        assertEquals(Main.BAD_USAGE, Main.run("run", "--config", "x.yaml", "--stage", "teleport"));
    }
}
