package dev.ferry.schemas.types;

import java.math.BigInteger;

/**
 * Bit strings ({@code BIT(n)}): Debezium carries them as {@code io.debezium.data.Bits}, bytes in
 * little-endian order (the lowest byte first); Ferry's plain Java value is the big-endian bytes, the
 * order in which the database prints them ({@code HEX(b'101100000001')} is {@code B01}).
 */
public final class BitStrings {

    private BitStrings() {
    }

    /** The same bytes in the opposite order (little-endian to big-endian and back). */
    public static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    /**
     * The {@code length} bits of a big-endian value as text of 0s and 1s ({@code 101100000001}).
     *
     * @throws IllegalArgumentException when the value has a bit set beyond {@code length}
     */
    public static String text(byte[] bigEndian, int length) {
        String bits = new BigInteger(1, bigEndian).toString(2);
        if (bits.length() > length) {
            throw new IllegalArgumentException("bit value " + bits + " is longer than bit(" + length + ")");
        }
        return "0".repeat(length - bits.length()) + bits;
    }

    /** The big-endian bytes of a text of 0s and 1s, as few as hold it: {@code (n + 7) / 8}. */
    public static byte[] parse(String bits) {
        byte[] raw = new BigInteger(bits.isEmpty() ? "0" : bits, 2).toByteArray();
        int bytes = (bits.length() + 7) / 8;
        byte[] out = new byte[bytes];
        int copy = Math.min(bytes, raw.length);
        System.arraycopy(raw, raw.length - copy, out, bytes - copy, copy);
        return out;
    }
}
