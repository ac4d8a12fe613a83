package dev.ferry.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a TLS client trusts instead of the JDK's defaults: a PKCS12 or JKS key store
 * (opened with {@code password}), or a PEM file of one or more certificates (name ending
 * {@code .pem} or {@code .crt}; no password). Host names are still verified against the
 * certificate.
 *
 * @param file the trust store file, never null
 * @param password its password, empty for none (PEM); never printed
 */
public record TrustStore(Path file, String password) {

    public TrustStore {
        Objects.requireNonNull(file, "file");
        password = password == null ? "" : password;
    }

    /**
     * Loads the certificates, so that a wrong path, password or format is known before any
     * connection is tried.
     *
     * @return a TLS context that trusts exactly these certificates
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public SSLContext sslContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(keyStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException("cannot read trust store " + file + ": " + reason, e);
        }
    }

    private KeyStore keyStore() throws IOException, GeneralSecurityException {
        if (!isPem()) {
            return KeyStore.getInstance(file.toFile(), password.toCharArray());
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the file");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + n++, certificate);
        }
        return store;
    }

    private boolean isPem() {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".pem") || name.endsWith(".crt");
    }

    /** The file; the password shows as {@code ****}. */
    @Override
    public String toString() {
        return "TrustStore[" + file + (password.isEmpty() ? "" : ", password ****") + "]";
    }
}
