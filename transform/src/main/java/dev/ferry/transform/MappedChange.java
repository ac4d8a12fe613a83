package dev.ferry.transform;

import org.apache.avro.generic.GenericRecord;

/**
 * One change mapped to its target table.
 *
 * @param key the target primary key; never null
 * @param row the target row, or null for a delete (a tombstone on the mapped topic)
 * @param op c, u, d or r
 * @param position source position of the change (LSN, binlog position), may be null
 * @param sourceTsMs source commit time in epoch ms, -1 when unknown
 */
public record MappedChange(GenericRecord key, GenericRecord row, String op, String position, long sourceTsMs) {
}
