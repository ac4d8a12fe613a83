package dev.ferry.capture;

/** Capture could not go on; the engine is stopped and restarted from its last committed offset. */
public class CaptureException extends RuntimeException {

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
