package dev.ferry.transform;

import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * One change mapped to its target table.
 *
 * @param key the target primary key; never null
 * @param row the target row, or null for a delete (a tombstone on the mapped topic)
 * @param op c, u, d or r
 * @param position source position of the change (LSN, binlog position), may be null
 * @param sourceTsMs source commit time in epoch ms, -1 when unknown
 * @param unchanged target columns the source did not send (their field is null; the sink leaves them alone)
 */
public record MappedChange(GenericRecord key, GenericRecord row, String op, String position, long sourceTsMs,
                           List<String> unchanged) {

    public MappedChange {
        unchanged = List.copyOf(unchanged == null ? List.of() : unchanged);
    }

    public MappedChange(GenericRecord key, GenericRecord row, String op, String position, long sourceTsMs) {
        this(key, row, op, position, sourceTsMs, List.of());
    }
}
