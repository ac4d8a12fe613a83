package dev.ferry.ops.config;

import dev.ferry.schemas.registry.TrustStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code kafka.schema-registry-truststore} and its password: the certificates (a private CA) an
 * {@code https} registry is trusted by. The store must open with its password at load, and needs
 * an {@code https} URL; without it the JDK's default trust store applies.
 *
 * @param file the trust store path, empty for none
 * @param password its password
 */
record RegistryTrust(String file, Secret password) {

    private static final RegistryTrust NONE = new RegistryTrust("", Secret.EMPTY);

    /** Reads both nodes; empty after reporting their problems. */
    static Optional<RegistryTrust> read(String registryUrl, ConfigNode fileNode, ConfigNode passwordNode) {
        Optional<String> file = fileNode.optionalString("");
        Optional<Secret> password = passwordNode.optionalSecret();
        if (file.isEmpty() || password.isEmpty()) {
            return Optional.empty();
        }
        if (file.get().isEmpty()) {
            if (!password.get().isEmpty()) {
                passwordNode.problem("is set but kafka.schema-registry-truststore is not");
                return Optional.empty();
            }
            return Optional.of(NONE);
        }
        if (!registryUrl.toLowerCase(Locale.ROOT).startsWith("https://")) {
            fileNode.problem("needs an https:// kafka.schema-registry URL, got " + registryUrl);
            return Optional.empty();
        }
        try {
            new TrustStore(Path.of(file.get()), password.get().reveal()).sslContext();
        } catch (IllegalArgumentException e) {
            fileNode.problem(e.getMessage() + " (check the file and kafka.schema-registry-truststore-password)");
            return Optional.empty();
        }
        return Optional.of(new RegistryTrust(file.get(), password.get()));
    }
}
