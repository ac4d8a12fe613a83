package dev.ferry.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RowCollapseTest {

    private static final Schema KEY = SchemaBuilder.record("k").fields().requiredLong("id").endRecord();
    private static final Schema ROW = SchemaBuilder.record("r").fields().requiredLong("id")
            .optionalString("name").optionalString("doc").endRecord();

    @Test
    void upsertThenDeleteOfOneKeyIsADelete() {
        List<Change> out = RowCollapse.collapse(List.of(upsert(1, "a", "x", Set.of(), 0), delete(1, 1))).get("t");
        assertEquals(1, out.size());
        assertTrue(out.get(0).isDelete());
    }

    @Test
    void deleteThenUpsertOfOneKeyIsTheUpsert() {
        List<Change> out = RowCollapse.collapse(List.of(delete(1, 0), upsert(1, "b", "y", Set.of(), 1))).get("t");
        assertEquals("b", out.get(0).row().get("name").toString());
    }

    @Test
    void partialUpdateAfterAFullUpsertKeepsTheEarlierValuesOfItsUnchangedColumns() {
        Map<String, List<Change>> out = RowCollapse.collapse(List.of(
                upsert(1, "a", "big document", Set.of(), 0),
                upsert(1, "renamed", null, Set.of("doc"), 1)));
        Change merged = out.get("t").get(0);
        assertEquals("renamed", merged.row().get("name").toString());
        assertEquals("big document", merged.row().get("doc").toString());
        assertEquals(Set.of(), merged.unchanged());
        assertEquals(1, merged.origin().offset());
    }

    @Test
    void twoPartialUpdatesStayPartial() {
        Change merged = RowCollapse.collapse(List.of(
                upsert(1, "a", null, Set.of("doc"), 0),
                upsert(1, "b", null, Set.of("doc"), 1))).get("t").get(0);
        assertEquals(Set.of("doc"), merged.unchanged());
        assertEquals("b", merged.row().get("name").toString());
    }

    @Test
    void rowsAreWrittenInTheOrderOfTheirLastChange() {
        List<Change> out = RowCollapse.collapse(List.of(upsert(2, "a", null, Set.of(), 0), upsert(1, "b", null, Set.of(), 1),
                upsert(2, "c", null, Set.of(), 2))).get("t");
        assertEquals(List.of(1L, 2L), out.stream().map(c -> (Long) c.key().get("id")).toList());
    }

    private static Change upsert(long id, String name, String doc, Set<String> unchanged, long offset) {
        GenericRecord row = new GenericData.Record(ROW);
        row.put("id", id);
        row.put("name", name);
        row.put("doc", doc);
        return change(id, row, unchanged, offset);
    }

    private static Change delete(long id, long offset) {
        return change(id, null, Set.of(), offset);
    }

    private static Change change(long id, GenericRecord row, Set<String> unchanged, long offset) {
        GenericData.Record key = new GenericData.Record(KEY);
        key.put("id", id);
        return new Change(new ConsumerRecord<>("topic", 0, offset, new byte[0], null), "t", key, row,
                Change.keyValues(key), null, unchanged);
    }
}
