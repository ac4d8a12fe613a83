package dev.ferry.schemas;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one rule for which setting names hold secrets: a name containing, ignoring case,
 * {@code password}, {@code secret}, {@code jaas} or {@code key} ({@code sasl.jaas.config},
 * {@code ssl.key.password}, ...). It errs on the side of hiding: a harmless name containing
 * {@code key} is masked too. Used wherever settings are printed or logged.
 */
public final class SecretNames {

    /** What a secret value prints as. */
    public static final String MASK = "****";

    private static final String[] SECRET_WORDS = {"password", "secret", "jaas", "key"};

    private SecretNames() {
    }

    /** True if a property or URL parameter called {@code name} holds a secret. */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A copy of {@code properties} (same order) with every secret value replaced by {@link #MASK}. */
    public static Map<String, String> mask(Map<String, String> properties) {
        Map<String, String> masked = new LinkedHashMap<>();
        properties.forEach((key, value) -> masked.put(key, isSecret(key) ? MASK : value));
        return Collections.unmodifiableMap(masked);
    }
}
