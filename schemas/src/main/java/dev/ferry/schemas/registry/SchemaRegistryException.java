package dev.ferry.schemas.registry;

/** A registry call failed; the message names the subject or id and the registry's answer. */
public class SchemaRegistryException extends RuntimeException {

    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
