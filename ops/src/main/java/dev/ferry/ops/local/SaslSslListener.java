package dev.ferry.ops.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

/**
 * The client listener of a {@link LocalKafka} set up like a secured production cluster: TLS with
 * the given server certificate, and SCRAM-SHA-512 authentication of the given users (created when
 * the log is formatted). The broker signs in to itself as an internal user with a random password.
 *
 * @param keyStore PKCS12 key store holding the broker's private key and certificate (whose subject
 *     alternative names must cover {@code 127.0.0.1} for clients that verify host names)
 * @param keyStorePassword its password (also the key's)
 * @param trustStore PKCS12 trust store holding the CA that signed it: the broker checks at start
 *     that a client trusting it could connect, and signs in to itself through it
 * @param trustStorePassword its password
 * @param users SCRAM-SHA-512 user names and passwords clients may sign in with
 */
public record SaslSslListener(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
                              Map<String, String> users) {

    static final String NAME = "SASL_SSL";
    private static final String MECHANISM = "SCRAM-SHA-512";
    private static final String BROKER_USER = "ferry-local-broker";

    public SaslSslListener {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        users = Map.copyOf(users);
    }

    /** The broker settings of this listener (TLS, SASL, and how the broker signs in to itself). */
    Properties brokerSettings(String brokerPassword) {
        Properties p = new Properties();
        String prefix = "listener.name." + NAME.toLowerCase() + ".";
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put(prefix + MECHANISM.toLowerCase() + ".sasl.jaas.config", jaas(BROKER_USER, brokerPassword));
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.location", keyStore.toAbsolutePath().toString());
        p.put("ssl.keystore.password", keyStorePassword);
        p.put("ssl.key.password", keyStorePassword);
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.location", trustStore.toAbsolutePath().toString());
        p.put("ssl.truststore.password", trustStorePassword);
        return p;
    }

    /** {@code --add-scram} arguments of {@code kafka-storage format}: every user and the broker's own. */
    Map<String, String> scramCredentials(String brokerPassword) {
        Map<String, String> all = new LinkedHashMap<>(users);
        all.put(BROKER_USER, brokerPassword);
        return all;
    }

    static String newBrokerPassword() {
        return UUID.randomUUID().toString();
    }

    static String scramArgument(String user, String password) {
        return MECHANISM + "=[name=" + user + ",password=" + password + "]";
    }

    /** The users and passwords stay out of logs and test reports. */
    @Override
    public String toString() {
        return "SaslSslListener[keyStore=" + keyStore + ", trustStore=" + trustStore + ", users=" + users.keySet() + "]";
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }
}
