package dev.ferry.sink;

import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One decoded record of a mapped topic.
 *
 * @param origin the Kafka record it came from (kept for dead letters)
 * @param table the target table
 * @param key the primary key record
 * @param row the row, or null for a delete
 * @param keyValues the key's values in field order, for grouping changes of one row
 */
public record Change(ConsumerRecord<byte[], byte[]> origin, String table, GenericRecord key, GenericRecord row,
                     List<Object> keyValues) {

    public boolean isDelete() {
        return row == null;
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
