package dev.ferry.ops.dlq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.registry.MemorySchemaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterFileTest {

    private static final String ORIGIN = "p.fresh.items";
    private static final Schema VALUE = SchemaBuilder.record("items").fields()
            .requiredLong("id").optionalString("name").endRecord();

    private final AvroCodec codec = new AvroCodec(new MemorySchemaRegistry());
    private final DeadLetterFile file = new DeadLetterFile(new DeadLetterJson(codec));

    @TempDir
    Path dir;

    @Test
    void anExportedFileReadsBackToTheSameRecords() throws IOException {
        List<DeadLetter> letters = List.of(letter(1, "constraint", 1, "ünïcode 🚢"), letter(2, "type", 2, null));
        Path out = dir.resolve("dead.jsonl");

        assertEquals(2, file.write(out, letters));
        DeadLetterFile.Read read = file.read(out, DeadLetterFilter.ALL);

        assertTrue(read.ok(), read.problems().toString());
        assertEquals(2, read.letters().size());
        for (int i = 0; i < letters.size(); i++) {
            DeadLetter before = letters.get(i);
            DeadLetter after = read.letters().get(i);
            assertEquals(before.id(), after.id());
            assertEquals(before.headers(), after.headers());
            assertEquals(codec.decode(before.value()).datum(), codec.decode(after.value()).datum());
        }
    }

    @Test
    void anEditedValueIsReEncodedAgainstItsSchema() throws IOException {
        Path out = dir.resolve("dead.jsonl");
        file.write(out, List.of(letter(1, "constraint", 1, "before")));
        Files.writeString(out, Files.readString(out).replace("\"before\"", "\"after\""));

        DeadLetter edited = file.read(out, DeadLetterFilter.ALL).letters().get(0);

        assertEquals("after", ((GenericRecord) codec.decode(edited.value()).datum()).get("name").toString());
    }

    @Test
    void theFilterKeepsOnlyMatchingRecords() throws IOException {
        Path out = dir.resolve("dead.jsonl");
        file.write(out, List.of(letter(1, "constraint", 1, "a"), letter(2, "type", 2, "b"), letter(3, "constraint", 3, "c")));

        DeadLetterFile.Read read = file.read(out, new DeadLetterFilter(null, null, "constraint", null, null, null));

        assertEquals(List.of(1L, 3L), read.letters().stream().map(DeadLetter::offset).toList());
    }

    @Test
    void oneBadLineMeansNoRecordAndNamesEveryBadLineByNumber() throws IOException {
        Path out = dir.resolve("dead.jsonl");
        file.write(out, List.of(letter(1, "constraint", 1, "a"), letter(2, "constraint", 2, "b")));
        List<String> lines = new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
        lines.add(1, "{ not json");
        lines.add("");
        lines.add(lines.get(0).replace(",\"ferry.origin.topic\":\"" + ORIGIN + "\"", ""));
        Files.write(out, lines, StandardCharsets.UTF_8);

        DeadLetterFile.Read read = file.read(out, DeadLetterFilter.ALL);

        assertFalse(read.ok());
        assertEquals(List.of(), read.letters());
        assertEquals(2, read.problems().size(), read.problems().toString());
        assertTrue(read.problems().get(0).startsWith(out + ":2: "), read.problems().get(0));
        assertTrue(read.problems().get(1).startsWith(out + ":5: "), read.problems().get(1));
        assertTrue(read.problems().get(1).contains("ferry.origin.topic"), read.problems().get(1));
    }

    @Test
    void bytesThatAreNotAvroTravelAsBase64() throws IOException {
        Path out = dir.resolve("dead.jsonl");
        DeadLetter raw = new DeadLetter("p.dlq.transform", 0, 9, 0, new byte[]{9, 8}, "not avro".getBytes(StandardCharsets.UTF_8),
                headers("decode"), "items");
        file.write(out, List.of(raw));

        DeadLetter back = file.read(out, DeadLetterFilter.ALL).letters().get(0);

        assertArrayEquals(raw.key(), back.key());
        assertArrayEquals(raw.value(), back.value());
    }

    private DeadLetter letter(long offset, String cause, long id, String name) {
        GenericRecord value = new GenericData.Record(VALUE);
        value.put("id", id);
        value.put("name", name);
        return new DeadLetter("p.dlq.sink.fresh", 0, offset, 1_700_000_000_000L, null,
                codec.encode(ORIGIN, false, VALUE, value), headers(cause), "items");
    }

    private static Map<String, String> headers(String cause) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ferry.stage", "sink");
        headers.put("ferry.error.cause", cause);
        headers.put("ferry.origin.topic", ORIGIN);
        return headers;
    }
}
