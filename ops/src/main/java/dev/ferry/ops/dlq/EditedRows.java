package dev.ferry.ops.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The target rows a re-drive from an export file wrote ({@code ferry dlq redrive --from-file}): such
 * a row holds what the operator put in the file, so it may rightly differ from its source, and
 * verify says so ("differs by an edited dead letter") instead of reporting an unexplained
 * difference. Recorded with each re-drive in {@code <p>.internal.redriven} (the dead letter's
 * target table and key as verify prints it); the latest record of a dead letter counts.
 */
public final class EditedRows {

    /** Where an edited row came from: the export file, and when it was re-driven (ISO-8601). */
    public record Edit(String file, String at) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EditedRows NONE = new EditedRows(Map.of());

    private final Map<String, Map<String, Edit>> byTable;

    private EditedRows(Map<String, Map<String, Edit>> byTable) {
        this.byTable = byTable;
    }

    /** No edited rows (Kafka not read). */
    public static EditedRows none() {
        return NONE;
    }

    /** Reads the re-drive log; a row re-driven again later from its topic is no longer an edited row. */
    public static EditedRows load(KafkaSettings kafka) {
        Map<String, JsonNode> latest = new HashMap<>();
        TopicReader.readAll(kafka, List.of(kafka.topics().redriven()), r -> {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                latest.remove(id);
                return;
            }
            try {
                latest.put(id, JSON.readTree(r.value()));
            } catch (IOException e) {
                latest.remove(id);
            }
        });
        Map<String, Map<String, Edit>> byTable = new HashMap<>();
        latest.values().stream().filter(n -> n.hasNonNull("row") && n.path("state").asText("").equals(DeadLetterStates.REDRIVEN))
                .forEach(n -> byTable.computeIfAbsent(n.get("row").path("table").asText(), t -> new HashMap<>())
                        .put(n.get("row").path("key").asText(), new Edit(n.path("from").asText(), n.path("at").asText())));
        return new EditedRows(byTable);
    }

    /** The edit that wrote the row of {@code key} (as verify prints it) in {@code table} ({@code <target>.<table>}). */
    public Optional<Edit> of(String table, String key) {
        return Optional.ofNullable(byTable.getOrDefault(table, Map.of()).get(key));
    }

    /**
     * The target table ({@code <target>.<table>}) a sink dead letter belongs to, or null for a
     * dead letter of another stage (its key is not the target's).
     */
    static String targetTable(DeadLetter d) {
        String target = d.headers().get(DeadLetterHeaders.TARGET);
        return "sink".equals(d.stage()) && target != null ? target + "." + d.table() : null;
    }

    /**
     * The key of an exported dead letter as verify prints it ({@code id=42}, {@code (a=1, b=x)}),
     * from its natural JSON; null when it has none.
     */
    static String keyText(JsonNode key) {
        if (key == null || !key.isObject() || key.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> fields = key.fields();
        int n = 0;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            b.append(n++ == 0 ? "" : ", ").append(f.getKey()).append('=').append(f.getValue().isNull() ? "null" : f.getValue().asText());
        }
        return n == 1 ? b.toString() : "(" + b + ")";
    }
}
