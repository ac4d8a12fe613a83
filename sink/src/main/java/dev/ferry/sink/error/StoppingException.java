package dev.ferry.sink.error;

/**
 * The stage is stopping while a report waited for Kafka: the report is not durable, so nothing
 * after the record may be committed. The stage's loop ends on it without committing.
 */
public final class StoppingException extends RuntimeException {

    public StoppingException(String message) {
        super(message, null, false, false);
    }
}
