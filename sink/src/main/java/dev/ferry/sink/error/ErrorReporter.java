package dev.ferry.sink.error;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where records that cannot be applied are reported. */
public interface ErrorReporter {

    /**
     * Reports a record that cannot be applied. Returns once the report is durable (for a
     * dead-letter topic: acknowledged by Kafka), so the caller may commit past the record.
     *
     * @param message what people read: names the table, key, column and value where known
     */
    void report(ConsumerRecord<byte[], byte[]> record, Throwable error, String message, ErrorCause cause, int attempts);

    /** {@link #report(ConsumerRecord, Throwable, String, ErrorCause, int)} with the error's own message. */
    default void report(ConsumerRecord<byte[], byte[]> record, Throwable error, ErrorCause cause, int attempts) {
        report(record, error, String.valueOf(error.getMessage()), cause, attempts);
    }
}
