package dev.ferry.ops.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decides what is secret and hides it whenever configuration is printed.
 *
 * <p>A key is secret when its name contains, ignoring case, {@code password}, {@code secret},
 * {@code jaas} or {@code key} (so {@code sasl.jaas.config}, {@code ssl.key.password},
 * {@code basic.auth.user.info}-style keys named {@code *key*}, ... are masked). Masking errs on
 * the side of hiding: a harmless key containing {@code key} is masked too.
 */
public final class Masking {

    private static final String[] SECRET_WORDS = {"password", "secret", "jaas", "key"};

    private Masking() {
    }

    /** True if a property or URL parameter called {@code name} holds a secret. */
    static boolean isSecretKey(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A copy of {@code properties} (same order) with every secret value replaced by {@code ****}. */
    static Map<String, String> maskProperties(Map<String, String> properties) {
        Map<String, String> masked = new LinkedHashMap<>();
        properties.forEach((key, value) -> masked.put(key, isSecretKey(key) ? Secret.MASK : value));
        return Collections.unmodifiableMap(masked);
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
