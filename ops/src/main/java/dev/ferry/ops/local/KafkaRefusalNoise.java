package dev.ferry.ops.local;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Keeps Kafka clients' own reports of a refused sign-in (wrong SASL credentials, a TLS handshake
 * refused) out of the console: every client logs one per reconnect attempt, about once a second,
 * with the exception's text, which buries the one line Ferry says about it. Ferry reports the
 * refusal itself: {@code ferry check} as its {@code FAIL kafka ... Kafka refused the connection}
 * line, {@code ferry run} as a Kafka outage in status and metrics, logged once per change. Only
 * events of {@code org.apache.kafka.clients} loggers that name an authentication failure are
 * dropped.
 */
public final class KafkaRefusalNoise extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (!event.getLoggerName().startsWith("org.apache.kafka.clients")) {
            return FilterReply.NEUTRAL;
        }
        String message = event.getFormattedMessage();
        boolean refused = message != null && (message.contains("failed authentication")
                || message.contains("SSL handshake failed"));
        return refused || isAuthentication(event.getThrowableProxy()) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    private static boolean isAuthentication(IThrowableProxy t) {
        for (IThrowableProxy p = t; p != null; p = p.getCause()) {
            if (p.getClassName().endsWith("AuthenticationException")) {
                return true;
            }
        }
        return false;
    }
}
