package dev.ferry.transform.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MaskTest {

    private final Mask sha = new Mask(Mask.Kind.SHA256, "pepper");

    @Test
    void hashesStablyWithTheSaltSoJoinsStillWork() {
        String a = sha.apply("ann@example.com");
        assertEquals(64, a.length());
        assertEquals(a, new Mask(Mask.Kind.SHA256, "pepper").apply("ann@example.com"));
        assertNotEquals(a, new Mask(Mask.Kind.SHA256, "salt").apply("ann@example.com"), "the salt changes the hash");
        assertEquals(sha.apply("42"), sha.apply(42L), "a number hashes as its text");
        assertEquals(sha.apply("Zoë"), sha.apply(new String("Zoë".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published test vector.
        assertEquals("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                new Mask(Mask.Kind.SHA256, "key").apply("The quick brown fox jumps over the lazy dog"));
    }

    @Test
    void keepsNullAndHashesTheEmptyString() {
        assertNull(sha.apply(null));
        assertEquals(64, sha.apply("").length());
    }

    @Test
    void redactsToAFixedTextAndNullsToNull() {
        assertEquals("[redacted]", new Mask(Mask.Kind.REDACT, null).apply("secret"));
        assertNull(new Mask(Mask.Kind.NULL, null).apply("secret"));
    }

    @Test
    void needsASaltForSha256AndNeverPrintsIt() {
        assertThrows(IllegalArgumentException.class, () -> new Mask(Mask.Kind.SHA256, ""));
        assertFalse(sha.toString().contains("pepper"));
    }
}
