package dev.ferry.transform.mapping;

/** A value that cannot be converted to the requested type; the message says which and why. */
public final class CastException extends Exception {

    public CastException(String message) {
        super(message, null, false, false);
    }
}
