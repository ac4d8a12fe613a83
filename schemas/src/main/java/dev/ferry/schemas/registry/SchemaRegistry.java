package dev.ferry.schemas.registry;

import org.apache.avro.Schema;

/**
 * A Confluent-compatible schema registry, as Ferry needs it: register an Avro schema under a
 * subject and learn its global id; fetch a schema by that id. Implementations are thread-safe and
 * cache both directions, so a steady stream of records costs no network round trip.
 */
public interface SchemaRegistry extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} (idempotent: an identical schema returns the id
     * it already has).
     *
     * @return the registry's global id of the schema
     * @throws SchemaRegistryException when the registry refuses the schema (for example an
     *     incompatible change) or cannot be reached
     */
    int register(String subject, Schema schema);

    /**
     * Returns the schema with the given global id.
     *
     * @throws SchemaRegistryException when no schema has that id or the registry cannot be reached
     */
    Schema byId(int id);

    /**
     * The latest schema registered under {@code subject}, or empty when the subject has none.
     * Not cached: a subject evolves.
     *
     * @throws SchemaRegistryException when the registry cannot be reached
     */
    java.util.Optional<Schema> latest(String subject);

    /** Subject naming (topic name strategy): {@code <topic>-key} or {@code <topic>-value}. */
    static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    @Override
    default void close() {
    }
}
