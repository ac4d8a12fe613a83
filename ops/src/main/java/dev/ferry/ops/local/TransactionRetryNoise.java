package dev.ferry.ops.local;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps a known, harmless retry of Kafka 4's transactions (version 2) out of the console. When the
 * transform starts its next transaction while the broker still writes the markers of the previous
 * one, the broker answers the first produce request {@code CONCURRENT_TRANSACTIONS}; the producer
 * retries it, and the requests already in flight behind it are refused with
 * {@code OutOfOrderSequenceException} and retried in order too. Nothing is lost or duplicated (the
 * producer is idempotent and the end-to-end tests compare every row), but the in-JVM broker logs
 * each refusal as an ERROR with a stack trace and the producer each retry as a WARN, which reads as
 * a failure in a successful run. This filter drops exactly those two events and nothing else.
 */
public final class TransactionRetryNoise extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String logger = event.getLoggerName();
        if (logger.startsWith("kafka.server.ReplicaManager") && isOutOfOrderSequence(event.getThrowableProxy())) {
            return FilterReply.DENY;
        }
        if (logger.endsWith("producer.internals.Sender") && event.getFormattedMessage().contains("CONCURRENT_TRANSACTIONS")) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    private static boolean isOutOfOrderSequence(IThrowableProxy t) {
        for (IThrowableProxy p = t; p != null; p = p.getCause()) {
            if (p.getClassName().endsWith("OutOfOrderSequenceException")) {
                return true;
            }
        }
        return false;
    }
}
