package dev.ferry.ops.cutover;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ferry.ops.verify.TableReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a cutover proved, or what is missing: attached to a change ticket as Markdown and JSON.
 *
 * @param state READY, NOT_READY, or DONE (after --finish)
 * @param missing what stands between now and READY, in words; empty when READY
 * @param positions per source, the position X that capture passed (PostgreSQL LSN as a number)
 * @param tables per target table, rows and checksum as verified
 * @param deadLetters dead letters pending when it was checked
 * @param deadLettersAccepted whether the operator accepted them
 * @param sourceFrozen whether the sources were made read-only
 * @param drainMillis time from reading X until nothing was left to apply
 * @param verifyMillis time verify took
 * @param sequences what was done to each target sequence ({@code <target>.<table>.<column>: ...}), empty if none
 * @param schemaObjects per target table, each schema object of its source (index, constraint, default, ...) and
 *     whether it was present, created, not carried (and why) or could not be created
 */
public record CutoverReport(String state, List<String> missing, Map<String, Long> positions, List<TableReport> tables,
                            long deadLetters, boolean deadLettersAccepted, boolean sourceFrozen, Instant startedAt,
                            Instant finishedAt, long drainMillis, long verifyMillis, List<String> sequences,
                            List<String> schemaObjects) {

    public boolean ready() {
        return "READY".equals(state) || "DONE".equals(state);
    }

    /** Writes {@code cutover-<time>.md} and {@code .json} into {@code dir}; returns the Markdown file. */
    public Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        String stem = "cutover-" + finishedAt.toString().replace(":", "").replace(".", "");
        Files.writeString(dir.resolve(stem + ".json"), toJson());
        Path md = dir.resolve(stem + ".md");
        Files.writeString(md, toMarkdown());
        return md;
    }

    public String toJson() {
        try {
            return new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Ferry cutover: ").append(state).append("\n\n");
        b.append("- started: ").append(startedAt).append("\n- finished: ").append(finishedAt).append('\n');
        b.append("- sources frozen (read-only): ").append(sourceFrozen ? "yes" : "no").append('\n');
        positions.forEach((source, x) -> b.append("- source `").append(source).append("` captured past position ")
                .append(x).append('\n'));
        b.append("- drained in ").append(drainMillis).append(" ms, verified in ").append(verifyMillis).append(" ms\n");
        b.append("- dead letters pending: ").append(deadLetters)
                .append(deadLetters > 0 ? (deadLettersAccepted ? " (accepted)" : " (not accepted)") : "").append("\n\n");
        if (!missing.isEmpty()) {
            b.append("## Not ready because\n\n");
            missing.forEach(m -> b.append("- ").append(m).append('\n'));
            b.append('\n');
        }
        if (!sequences.isEmpty()) {
            b.append("## Sequences\n\n");
            sequences.forEach(q -> b.append("- ").append(q).append('\n'));
            b.append('\n');
        }
        if (!schemaObjects.isEmpty()) {
            b.append("## Schema objects\n\n");
            schemaObjects.forEach(q -> b.append("- ").append(q).append('\n'));
            b.append('\n');
        }
        if (!tables.isEmpty()) {
            b.append("## Tables\n\n| table | source rows | target rows | identical | checksum |\n|---|---|---|---|---|\n");
            for (TableReport t : tables) {
                b.append("| ").append(t.table()).append(" | ").append(t.sourceRows()).append(" | ").append(t.targetRows())
                        .append(" | ").append(t.identical() ? "yes" : "NO").append(" | `").append(t.checksum()).append("` |\n");
            }
        }
        return b.toString();
    }

    /** What the terminal shows. */
    public String summary() {
        long rows = tables.stream().mapToLong(TableReport::sourceRows).sum();
        if ("DONE".equals(state)) {
            return "DONE: the source was quiet and everything was applied; the pipeline stopped"
                    + (deadLetters > 0 ? "; " + deadLetters + " dead letters remain (ferry dlq list)" : "")
                    + ". `ferry cutover --release-source` gives the sources back (replication slot, publication).";
        }
        if (ready()) {
            return state + ": " + tables.size() + " tables, " + rows + " rows identical; captured past " + positions
                    + "; drained in " + drainMillis + " ms, verified in " + verifyMillis + " ms"
                    + (deadLetters > 0 ? "; " + deadLetters + " dead letters accepted" : "")
                    + (sequences.isEmpty() ? "; no sequences to set" : "; sequences set past the source:\n  "
                    + String.join("\n  ", sequences))
                    + (schemaObjects.isEmpty() ? "" : "\n  schema objects:\n  " + String.join("\n  ", schemaObjects));
        }
        return "NOT READY:\n  " + String.join("\n  ", missing);
    }
}
