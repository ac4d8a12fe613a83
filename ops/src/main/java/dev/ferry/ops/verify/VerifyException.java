package dev.ferry.ops.verify;

/** Verify could not do its work (a table not captured yet, a database unreachable); says which. */
public class VerifyException extends RuntimeException {

    public VerifyException(String message) {
        super(message);
    }

    public VerifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
