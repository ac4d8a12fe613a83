package dev.ferry.ops.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The export file of dead letters: JSON Lines, one {@link DeadLetterJson} object a line, written by
 * {@code dlq export} and read back (after editing) by {@code dlq redrive --from-file}. Reading is all
 * or nothing: every line that cannot be read is reported with its line number, and then no record
 * is returned, so a half-edited file never re-drives half its records.
 */
public final class DeadLetterFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeadLetterJson json;

    public DeadLetterFile(DeadLetterJson json) {
        this.json = json;
    }

    /** What reading a file gave: the records the filter accepts, or the problems of its bad lines. */
    public record Read(List<DeadLetter> letters, List<String> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Writes the letters to {@code file} (replacing it), one line each; returns how many. */
    public int write(Path file, List<DeadLetter> letters) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (DeadLetter d : letters) {
                w.write(JSON.writeValueAsString(json.toJson(d)));
                w.newLine();
            }
        }
        return letters.size();
    }

    /** Reads every non-blank line of {@code file}; keeps the records {@code filter} accepts. */
    public Read read(Path file, DeadLetterFilter filter) throws IOException {
        List<DeadLetter> letters = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(lines.get(i));
                DeadLetter d = json.fromJson(node);
                if (filter.accepts(d)) {
                    letters.add(d);
                }
            } catch (IOException | RuntimeException e) {
                problems.add(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return problems.isEmpty() ? new Read(letters, List.of()) : new Read(List.of(), problems);
    }
}
