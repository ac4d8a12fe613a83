package dev.ferry.transform.mapping;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a column holding personal data is masked. Every mask is stable: the same input always
 * gives the same output, so masked keys still join.
 *
 * @param kind the mask
 * @param salt for {@link Kind#SHA256}: the secret salt, non-empty; null otherwise
 */
public record Mask(Kind kind, String salt) {

    /** The text every value of a {@link Kind#REDACT}ed column becomes. */
    public static final String REDACTED = "[redacted]";

    /** The masks. */
    public enum Kind {
        /** HMAC-SHA256 of the value's text (UTF-8; raw bytes for binary) keyed by the salt, as 64 lowercase hex digits. */
        SHA256,
        /** The fixed text {@value #REDACTED}. */
        REDACT,
        /** NULL. */
        NULL
    }

    public Mask {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.SHA256 && (salt == null || salt.isEmpty())) {
            throw new IllegalArgumentException("sha256 masking needs a non-empty salt");
        }
    }

    /** Hides the salt. */
    @Override
    public String toString() {
        return "Mask[" + kind + "]";
    }

    /**
     * @param value a plain Java value, or null
     * @return the masked value (a String, or null); null stays null
     */
    public String apply(Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case SHA256 -> sha256(value instanceof byte[] b ? b : Casts.text(value).getBytes(StandardCharsets.UTF_8));
            case REDACT -> REDACTED;
            case NULL -> null;
        };
    }

    private String sha256(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(input));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
