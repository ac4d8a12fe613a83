package dev.ferry.ops.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret configuration value (a password). Its {@link #toString()} is always {@code ****}, so a
 * secret never shows up in logs, exception messages or a record's {@code toString}; the clear
 * text is only available through {@link #reveal()}, to be called where the secret is handed to a
 * driver or client.
 *
 * <p>Immutable. Two secrets are equal when their clear texts are equal.
 */
public final class Secret {

    /** The mask printed instead of any secret. */
    public static final String MASK = "****";

    /** The empty secret (no password). */
    public static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps {@code value} (not null; may be empty). */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return value.isEmpty() ? EMPTY : new Secret(value);
    }

    /** The clear text. Never log it. */
    public String reveal() {
        return value;
    }

    /** True if no secret was configured (the clear text is empty). */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Always {@code ****}, whatever the value (empty or not). */
    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
