package dev.ferry.ops.dlq;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.FerryHeaders;
import dev.ferry.schemas.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Finds the dead letters a re-drive must not send because a newer change of the same row has
 * already gone by: records of one key keep one partition and their order from source to target,
 * so every change of a dead letter's row made after it sits in the dead letter's origin partition
 * after its origin offset. A later record there with the same key (Avro bytes compared after the
 * 5-byte wire header, so a re-registered schema does not hide it) and a newer source position
 * ({@code ferry.source.position}; a record without one counts as newer) has been or will be applied
 * after the dead letter's change; sending the old change again would write the older value over it,
 * whatever the sink's {@code conflict} setting. Re-drives of the same dead letter are not newer
 * changes. Cost: one read of each origin partition from the oldest dead letter's offset on.
 */
final class Supersessions {

    private static final int WIRE_HEADER = 5;

    private Supersessions() {
    }

    /** @return the superseded ones of {@code letters}, by id, each with the reason in words */
    static Map<String, String> find(KafkaSettings kafka, List<DeadLetter> letters) {
        Map<TopicPartition, Long> from = new HashMap<>();
        for (DeadLetter d : letters) {
            long offset = originOffset(d);
            if (d.originTopic() != null && d.originPartition() >= 0 && offset >= 0) {
                from.merge(new TopicPartition(d.originTopic(), d.originPartition()), offset + 1, Math::min);
            }
        }
        Map<String, String> superseded = new LinkedHashMap<>();
        if (from.isEmpty()) {
            return superseded;
        }
        TopicReader.readFrom(kafka, from, r -> {
            for (DeadLetter d : letters) {
                if (!superseded.containsKey(d.id()) && newer(r, d)) {
                    superseded.put(d.id(), "a newer change of the same row is at " + r.topic() + "/" + r.partition() + "/"
                            + r.offset() + " (source position " + position(r) + ", the dead letter's "
                            + d.headers().get(FerryHeaders.SOURCE_POSITION) + ")");
                }
            }
        });
        return superseded;
    }

    private static boolean newer(ConsumerRecord<byte[], byte[]> r, DeadLetter d) {
        if (!r.topic().equals(d.originTopic()) || r.partition() != d.originPartition() || r.offset() <= originOffset(d)
                || !sameKey(r.key(), d.key()) || d.id().equals(header(r, Redriver.REDRIVEN_FROM))) {
            return false;
        }
        Long theirs = parse(position(r));
        Long ours = parse(d.headers().get(FerryHeaders.SOURCE_POSITION));
        return theirs == null || ours == null || theirs > ours;
    }

    private static boolean sameKey(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.length > WIRE_HEADER && b.length > WIRE_HEADER && a[0] == 0 && b[0] == 0) {
            return Arrays.equals(a, WIRE_HEADER, a.length, b, WIRE_HEADER, b.length);
        }
        return Arrays.equals(a, b);
    }

    private static String position(ConsumerRecord<byte[], byte[]> r) {
        return header(r, FerryHeaders.SOURCE_POSITION);
    }

    private static Long parse(String position) {
        try {
            return dev.ferry.sink.SourcePosition.parse(position);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long originOffset(DeadLetter d) {
        try {
            return Long.parseLong(d.headers().getOrDefault(DeadLetterHeaders.ORIGIN_OFFSET, "-1"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
