package dev.ferry.ops.config;

import static dev.ferry.ops.config.TestYaml.KAFKA;
import static dev.ferry.ops.config.TestYaml.SOURCES;
import static dev.ferry.ops.config.TestYaml.TARGETS;
import static dev.ferry.ops.config.TestYaml.problemsOf;
import static dev.ferry.ops.config.TestYaml.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems that stop loading before validation: the file itself, or its YAML. */
class YamlAndFileErrorsTest {

    @TempDir
    Path dir;

    @Test
    void refusesAFileAboveOneMebibyteAtOnceWithoutParsingIt() throws IOException {
        Path file = dir.resolve("huge.yaml");
        // A valid config followed by 20 MiB of comments: parsing it would take minutes.
        StringBuilder yaml = new StringBuilder(KAFKA + SOURCES + TARGETS);
        String comment = "# " + "x".repeat(1021) + "\n";
        while (yaml.length() < 20 * 1024 * 1024) {
            yaml.append(comment);
        }
        Files.writeString(file, yaml);
        long size = Files.size(file);

        long started = System.nanoTime();
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals(List.of("file is " + size + " bytes; a ferry.yaml may have at most 1048576 (1 MiB): is this the right file?"),
                e.problems());
        long millis = (System.nanoTime() - started) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(millis < 1000, "took " + millis + " ms");
    }

    @Test
    void readsAFileOfExactlyOneMebibyte() throws Exception {
        Path file = dir.resolve("full.yaml");
        StringBuilder yaml = new StringBuilder(KAFKA + SOURCES + TARGETS);
        while (yaml.length() < ConfigLoader.MAX_FILE_BYTES) {
            yaml.append("# ").append("y".repeat(125)).append('\n');
        }
        yaml.setLength((int) ConfigLoader.MAX_FILE_BYTES - 1);
        yaml.append('\n');
        // Only whole comment lines: the cut may leave a lone '#' or 'y' line start; make it a comment.
        int lastLine = yaml.lastIndexOf("\n", yaml.length() - 2) + 1;
        yaml.setCharAt(lastLine, '#');
        Files.writeString(file, yaml);

        assertEquals(ConfigLoader.MAX_FILE_BYTES, Files.size(file));
        ConfigLoader.load(file, Map.of());
    }

    @Test
    void reportsYamlSyntaxErrorWithLine() {
        Path file = resource("syntax-error.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals(List.of("line 4, column 16: invalid YAML: mapping values are not allowed here"), e.problems());
        assertEquals(file + ": line 4, column 16: invalid YAML: mapping values are not allowed here", e.getMessage());
    }

    @Test
    void reportsSyntaxErrorContextWithItsLine() {
        assertEquals(List.of("line 3, column 1: invalid YAML: could not find expected ':'"
                        + " (while scanning a simple key at line 2, column 1)"),
                problemsOf("kafka: {}\nsources\ntargets: []\n"));
    }

    @Test
    void reportsDuplicateKeyWithLine() {
        assertEquals(List.of("line 4, column 3: duplicate key 'bootstrap-servers'"),
                problemsOf(KAFKA + "  bootstrap-servers: other:9092\n" + SOURCES + TARGETS));
    }

    @Test
    void refusesSeveralDocuments() {
        assertEquals(List.of("line 16, column 1: only one YAML document is allowed, found a second one"),
                problemsOf(KAFKA + SOURCES + TARGETS + "---\nkafka: {}\n"));
    }

    @Test
    void refusesAliasOfSingleValueOrUnknownAnchor() {
        String problem = "line 2, column 22: alias *servers does not refer to a map or list anchored earlier"
                + " (anchors on single values are not supported)";
        assertEquals(List.of(problem), problemsOf("kafka:\n  bootstrap-servers: *servers\n"));
        assertEquals(List.of(problem.replace("line 2", "line 3")),
                problemsOf("x: &servers localhost:9092\nkafka:\n  bootstrap-servers: *servers\n"));
    }

    @Test
    void reportsEmptyFile() {
        String problem = "the file is empty; expected a map with keys kafka, sources, targets, masking, mappings, http";
        assertEquals(List.of(problem), problemsOf(""));
        assertEquals(List.of(problem), problemsOf("# nothing yet\n"));
    }

    @Test
    void reportsMissingFile() {
        Path missing = dir.resolve("ferry.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));

        assertEquals(List.of("file does not exist"), e.problems());
        assertEquals(missing + ": file does not exist", e.getMessage());
    }

    @Test
    void reportsDirectoryInsteadOfFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir, Map.of()));

        assertEquals(List.of("is a directory, not a file"), e.problems());
    }

    @Test
    void reportsFileThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, new byte[] {'k', 'a', 'f', 'k', 'a', ':', ' ', (byte) 0xE9, '\n'});

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertEquals(List.of("file is not valid UTF-8"), e.problems());
    }
}
