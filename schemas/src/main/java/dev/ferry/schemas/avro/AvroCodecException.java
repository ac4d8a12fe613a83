package dev.ferry.schemas.avro;

/** A payload could not be encoded or decoded; the message says which topic and why. */
public class AvroCodecException extends RuntimeException {

    public AvroCodecException(String message) {
        super(message);
    }

    public AvroCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
