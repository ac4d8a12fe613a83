package dev.ferry.ops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

/** Only the broker's out-of-order refusal and the producer's CONCURRENT_TRANSACTIONS retry are dropped. */
class TransactionRetryNoiseTest {

    private final LoggerContext context = new LoggerContext();
    private final TransactionRetryNoise filter = new TransactionRetryNoise();

    @Test
    void dropsTheTransactionRetryPairAndKeepsEverythingElse() {
        assertEquals(FilterReply.DENY, filter.decide(event("kafka.server.ReplicaManager", Level.ERROR,
                "Error processing append operation on partition p-0", new OutOfOrderSequenceException("seq 2"))));
        assertEquals(FilterReply.DENY, filter.decide(event("org.apache.kafka.clients.producer.internals.Sender", Level.WARN,
                "Got error produce response on topic-partition t-0, retrying. Error: CONCURRENT_TRANSACTIONS", null)));
        assertEquals(FilterReply.NEUTRAL, filter.decide(event("kafka.server.ReplicaManager", Level.ERROR,
                "Error processing append operation on partition p-0", new IllegalStateException("disk"))));
        assertEquals(FilterReply.NEUTRAL, filter.decide(event("org.apache.kafka.clients.producer.internals.Sender", Level.WARN,
                "Got error produce response, retrying. Error: NOT_LEADER_OR_FOLLOWER", null)));
        assertEquals(FilterReply.NEUTRAL, filter.decide(event("dev.ferry.sink.SinkStage", Level.ERROR,
                "OutOfOrderSequenceException CONCURRENT_TRANSACTIONS", null)));
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable t) {
        return new LoggingEvent(logger, context.getLogger(logger), level, message, t, null);
    }
}
