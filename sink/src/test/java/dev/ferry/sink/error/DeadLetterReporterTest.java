package dev.ferry.sink.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferry.schemas.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import java.util.Optional;

class DeadLetterReporterTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final DeadLetterReporter reporter = new DeadLetterReporter(producer, "p.dlq.sink.t", "t",
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void firstFailureCountsOneAttempt() {
        reporter.report(record(null), new SQLException("boom", "23514"), ErrorCause.CONSTRAINT, 1);
        assertEquals("1", header(DeadLetterHeaders.ATTEMPTS));
        assertEquals("p.t.items", header(DeadLetterHeaders.ORIGIN_TOPIC));
    }

    @Test
    void reDrivenRecordThatFailsAgainHasItsAttemptsIncreased() {
        reporter.report(record("2"), new SQLException("boom", "23514"), ErrorCause.CONSTRAINT, 1);
        assertEquals("3", header(DeadLetterHeaders.ATTEMPTS));
        assertEquals(1, count(DeadLetterHeaders.ATTEMPTS));
    }

    private ConsumerRecord<byte[], byte[]> record(String attempts) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("p.t.items", 1, 42, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 1, 1, new byte[]{1}, new byte[]{2}, new RecordHeaders(), Optional.empty());
        if (attempts != null) {
            r.headers().add(DeadLetterHeaders.ATTEMPTS, attempts.getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    private String header(String name) {
        return new String(producer.history().get(0).headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private long count(String name) {
        return java.util.stream.StreamSupport.stream(producer.history().get(0).headers().headers(name).spliterator(), false)
                .count();
    }
}
