package dev.ferry.schemas.registry;

/**
 * The registry did not answer, or answered that it cannot serve now (HTTP 5xx, 408, 429): a
 * transient failure, to be waited out, never a reason to dead-letter a record.
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {

    public SchemaRegistryUnavailableException(String message) {
        super(message);
    }

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code e} or one of its causes is this exception. */
    public static boolean isCauseOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
