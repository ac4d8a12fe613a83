package dev.ferry.ops.config;

import dev.ferry.schemas.SecretNames;
import java.util.Map;

/**
 * Decides what is secret and hides it whenever configuration is printed.
 *
 * <p>Which names are secret is decided once, in {@link SecretNames}.
 */
public final class Masking {

    private Masking() {
    }

    /** True if a property or URL parameter called {@code name} holds a secret ({@link SecretNames}). */
    static boolean isSecretKey(String name) {
        return SecretNames.isSecret(name);
    }

    /** A copy of {@code properties} (same order) with every secret value replaced by {@code ****}. */
    static Map<String, String> maskProperties(Map<String, String> properties) {
        return SecretNames.mask(properties);
    }

    /**
     * {@code url} with the value of every secret option masked, e.g.
     * {@code jdbc:postgresql://h/db?user=a&password=****}. Options follow {@code ?} and are
     * separated by {@code &} or {@code ;}.
     */
    public static String maskUrl(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.substring(0, query + 1));
        StringBuilder option = new StringBuilder();
        for (int i = query + 1; i <= url.length(); i++) {
            char c = i < url.length() ? url.charAt(i) : '&';
            if (c == '&' || c == ';') {
                out.append(maskOption(option.toString()));
                if (i < url.length()) {
                    out.append(c);
                }
                option.setLength(0);
            } else {
                option.append(c);
            }
        }
        return out.toString();
    }

    private static String maskOption(String option) {
        int equals = option.indexOf('=');
        if (equals < 0 || !isSecretKey(option.substring(0, equals))) {
            return option;
        }
        return option.substring(0, equals + 1) + Secret.MASK;
    }
}
