package dev.ferry.sink;

import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One decoded record of a mapped topic.
 *
 * @param origin the Kafka record it came from (kept for dead letters and offsets)
 * @param table the target table
 * @param key the primary key record
 * @param row the row, or null for a delete
 * @param keyValues the key's values in field order, for grouping changes of one row
 * @param position the source position made comparable (see {@link SourcePosition}), null when unknown
 * @param unchanged target columns the source did not send: the target keeps their value; never null
 */
public record Change(ConsumerRecord<byte[], byte[]> origin, String table, GenericRecord key, GenericRecord row,
                     List<Object> keyValues, Long position, Set<String> unchanged) {

    public Change {
        unchanged = Set.copyOf(unchanged);
    }

    public boolean isDelete() {
        return row == null;
    }

    /** This change with another row and set of unchanged columns (same origin, key and position). */
    Change withRow(GenericRecord newRow, Set<String> newUnchanged) {
        return new Change(origin, table, key, newRow, keyValues, position, newUnchanged);
    }

    static List<Object> keyValues(GenericRecord key) {
        Object[] values = new Object[key.getSchema().getFields().size()];
        for (int i = 0; i < values.length; i++) {
            Object v = key.get(i);
            values[i] = v instanceof CharSequence cs ? cs.toString() : v;
        }
        return java.util.Arrays.asList(values);
    }
}
