package dev.ferry.sink.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.schemas.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.TimeoutException;

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

    @Test
    void aDeadLetterKafkaDoesNotTakeIsRetriedWithBackoffAndShownUntilItIsAcknowledged() {
        MockProducer<byte[], byte[]> failing = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        List<Long> pauses = new ArrayList<>();
        List<String> outage = new ArrayList<>();
        DeadLetterReporter patient = new DeadLetterReporter(failing, "p.dlq.sink.t", "t", Clock.systemUTC(),
                new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), 2.0), d -> {
                    pauses.add(d.toMillis());
                    return true;
                }, new DeadLetterReporter.Outage() {
                    @Override
                    public void blocked(String error) {
                        outage.add("blocked: " + error);
                    }

                    @Override
                    public void flowing() {
                        outage.add("flowing");
                    }
                });
        // The broker refuses twice, then acknowledges.
        Thread broker = new Thread(() -> {
            for (int answered = 0; answered < 3; ) {
                if (failing.history().size() > answered) {
                    if (answered < 2) {
                        failing.errorNext(new TimeoutException("broker down"));
                    } else {
                        failing.completeNext();
                    }
                    answered++;
                }
                Thread.onSpinWait();
            }
        });
        broker.start();
        patient.report(record(null), new SQLException("boom", "23514"), "table t, key 1: boom", ErrorCause.CONSTRAINT, 1);
        assertEquals(List.of(200L, 400L), pauses);
        assertEquals(3, outage.size());
        assertTrue(outage.get(0).startsWith("blocked: cannot write dead letter to p.dlq.sink.t"), outage.get(0));
        assertEquals("flowing", outage.get(2));
    }

    @Test
    void aStageStoppingWhileKafkaRefusesEndsTheReportUnacknowledged() {
        MockProducer<byte[], byte[]> failing = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record) {
                throw new org.apache.kafka.common.KafkaException("producer broken");
            }
        };
        DeadLetterReporter stopping = new DeadLetterReporter(failing, "p.dlq.sink.t", "t", Clock.systemUTC(),
                RetryPolicy.DEFAULT, d -> false, DeadLetterReporter.Outage.NONE);
        assertThrows(StoppingException.class, () -> stopping.report(record(null), new SQLException("boom"),
                ErrorCause.CONSTRAINT, 1));
    }

    @Test
    void aMessageTooLongForAHeaderIsCutNeverRefused() {
        String huge = "é".repeat(100_000);
        reporter.report(record(null), new SQLException(huge), huge, ErrorCause.TYPE, 1);
        byte[] header = producer.history().get(0).headers().lastHeader(DeadLetterHeaders.ERROR_MESSAGE).value();
        assertTrue(header.length <= DeadLetterHeaders.MAX_TEXT_BYTES, "length " + header.length);
        String text = new String(header, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("... (200000 bytes in all)"), text.substring(text.length() - 40));
        assertTrue(text.startsWith("éé"));
        assertTrue(!text.contains("\uFFFD"), "no character cut in half");
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
