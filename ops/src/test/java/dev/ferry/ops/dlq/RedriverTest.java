package dev.ferry.ops.dlq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedriverTest {

    @Test
    void sendsBackToTheOriginTopicAndPartitionKeepingAttemptsAndSourceHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ferry.op", "c");
        headers.put("ferry.source.ts_ms", "1700000000000");
        headers.put("ferry.stage", "sink");
        headers.put("ferry.error.cause", "constraint");
        headers.put("ferry.origin.topic", "p.fresh.items");
        headers.put("ferry.origin.partition", "1");
        headers.put("ferry.origin.offset", "12");
        headers.put("ferry.attempts", "2");
        var record = Redriver.record(new DeadLetter("p.dlq.sink.fresh", 0, 5, 0, new byte[]{1}, new byte[]{2},
                headers, "items"));
        assertEquals("p.fresh.items", record.topic());
        assertEquals(1, record.partition());
        assertEquals("c", header(record, "ferry.op"));
        assertEquals("1700000000000", header(record, "ferry.source.ts_ms"));
        assertEquals("2", header(record, "ferry.attempts"));
        assertEquals("p.dlq.sink.fresh/0/5", header(record, Redriver.REDRIVEN_FROM));
        assertNull(record.headers().lastHeader("ferry.stage"));
        assertNull(record.headers().lastHeader("ferry.origin.topic"));
    }

    private static String header(org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
