package dev.ferry.schemas.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a Confluent-compatible schema registry answers and, optionally, the HTTP basic credentials
 * it wants (Confluent Cloud's API key and secret, or a registry behind an authenticating proxy).
 *
 * @param url base URL, for example {@code https://psrc-123.eu-west-1.aws.confluent.cloud}
 * @param user basic-auth user, empty for none
 * @param password basic-auth password, empty for none; never printed
 * @param trust the certificates trusted for an {@code https} URL instead of the JDK's defaults
 *     (a private CA), empty for the defaults
 */
public record RegistryAddress(String url, String user, String password, Optional<TrustStore> trust) {

    public RegistryAddress {
        Objects.requireNonNull(url, "url");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        trust = trust == null ? Optional.empty() : trust;
    }

    /** A registry whose certificate (if {@code https}) the JDK's default trust store vouches for. */
    public RegistryAddress(String url, String user, String password) {
        this(url, user, password, Optional.empty());
    }

    /** A registry that asks for no credentials. */
    public static RegistryAddress of(String url) {
        return new RegistryAddress(url, "", "");
    }

    /** The {@code Authorization} header value, when credentials are set. */
    Optional<String> authorization() {
        if (user.isEmpty()) {
            return Optional.empty();
        }
        String pair = user + ":" + password;
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** The URL, user and trust store; the passwords show as {@code ****}. */
    @Override
    public String toString() {
        String trusted = trust.map(t -> " trusting " + t.file()).orElse("");
        return (user.isEmpty() ? url : url + " (user " + user + ", password ****)") + trusted;
    }
}
