package dev.ferry.ops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry run} and its HTTP port, checked before any stage starts. */
class RunHttpPortTest {

    @TempDir
    Path dir;

    @Test
    void refusesToStartWhenTheHttpPortIsTakenAndSaysHowToChooseAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Result r = run("--http-port", Integer.toString(taken.getLocalPort()));
            assertEquals(Main.FAILED, r.exit);
            assertTrue(r.err.contains("cannot serve metrics and status on port " + taken.getLocalPort()), r.err);
            assertTrue(r.err.contains("--http-port"), r.err);
        }
    }

    @Test
    void refusesAnHttpPortOutOfRange() throws Exception {
        Result r = run("--http-port", "70000");
        assertEquals(Main.BAD_USAGE, r.exit);
        assertTrue(r.err.contains("--http-port must be 0..65535, got 70000"), r.err);
    }

    private record Result(int exit, String err) {
    }

    private Result run(String... extra) throws Exception {
        Path config = dir.resolve("ferry.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrap-servers: localhost:1
                  schema-registry: http://localhost:1
                sources:
                  - name: legacy
                    type: postgres
                    url: jdbc:postgresql://localhost:1/app
                    user: u
                    tables: [public.customers]
                targets:
                  - name: fresh
                    type: postgres
                    url: jdbc:postgresql://localhost:1/app
                    user: u
                """);
        String[] args = new String[3 + extra.length];
        args[0] = "run";
        args[1] = "--config=" + config;
        args[2] = "--state-dir=" + dir.resolve("state");
        System.arraycopy(extra, 0, args, 3, extra.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Result(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
    }
}
