package dev.ferry.schemas.avro;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: one magic byte {@code 0}, the schema id as a 4-byte big-endian int,
 * then the Avro binary encoding of the datum.
 */
public final class WireFormat {

    public static final byte MAGIC = 0;
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /**
     * Reads the schema id of a framed payload.
     *
     * @throws AvroCodecException when the payload is too short or does not start with the magic byte
     */
    public static int schemaId(byte[] payload) {
        if (payload == null || payload.length < HEADER_LENGTH) {
            throw new AvroCodecException("not Confluent wire format: "
                    + (payload == null ? "null" : payload.length + " bytes") + ", expected at least 5");
        }
        if (payload[0] != MAGIC) {
            throw new AvroCodecException("not Confluent wire format: first byte is " + payload[0] + ", expected 0");
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

    static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }
}
