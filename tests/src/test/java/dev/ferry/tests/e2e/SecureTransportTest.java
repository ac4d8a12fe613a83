package dev.ferry.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.local.LocalKafka;
import dev.ferry.ops.local.LocalPostgres;
import dev.ferry.ops.local.LocalRegistry;
import dev.ferry.ops.local.SaslSslListener;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.registry.TrustStore;
import dev.ferry.tests.fixtures.AllTypesTable;
import dev.ferry.tests.fixtures.Await;
import dev.ferry.tests.fixtures.ChildPipeline;
import dev.ferry.tests.fixtures.TestCertificates;
import dev.ferry.tests.fixtures.TestDirs;
import dev.ferry.ops.verify.TableComparison;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Ferry over secured transports only: a broker whose one client listener is {@code SASL_SSL}
 * (SCRAM-SHA-512, a test CA), the registry over HTTPS with that CA, and PostgreSQL with
 * {@code ssl=on}, plain connections refused, reached with {@code sslmode=verify-full}. Credentials
 * come from {@code ${env:...}}. Every stage, {@code check}, {@code status}, {@code dlq list},
 * {@code verify}, {@code cutover} and {@code replay} work over it, and no secret shows in any
 * output; a wrong Kafka password is a one-line refusal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureTransportTest {

    private static final int ROWS = 300;
    private static final String KAFKA_USER = "ferry";

    private final String kafkaPassword = "kafka-" + UUID.randomUUID();
    private Path dir;
    private TestCertificates certificates;
    private LocalKafka kafka;
    private LocalRegistry registry;
    private LocalPostgres postgres;

    @BeforeAll
    void start() throws Exception {
        dir = TestDirs.fresh("secure");
        certificates = TestCertificates.create(dir.resolve("tls"));
        kafka = LocalKafka.start(dir.resolve("kafka"), new SaslSslListener(certificates.serverKeyStore(),
                certificates.password(), certificates.trustStore(), certificates.password(),
                Map.of(KAFKA_USER, kafkaPassword)));
        registry = LocalRegistry.startHttps(LocalRegistry.defaultHome(), dir.resolve("registry"),
                new LocalRegistry.Tls(certificates.serverKeyStore(), certificates.password(),
                        new TrustStore(certificates.caPem(), "")));
        postgres = LocalPostgres.start(dir.resolve("postgres"), false, Map.of(
                "ssl", "on",
                "ssl_cert_file", certificates.serverCertPem().toString(),
                "ssl_key_file", certificates.serverKeyPem().toString()));
        onlyTlsConnections();
        postgres.createDatabase("source");
        postgres.createDatabase("target");
        try (Connection source = connect("source")) {
            AllTypesTable.create(source, ROWS);
        }
    }

    @AfterAll
    void stop() {
        for (AutoCloseable service : new AutoCloseable[] {registry, kafka, postgres}) {
            try {
                if (service != null) {
                    service.close();
                }
            } catch (Exception ignored) {
                // The next service still gets its close.
            }
        }
    }

    @Test
    void everyCommandWorksOverSaslSslHttpsAndVerifiedPostgresTlsWithoutShowingASecret() throws Exception {
        String prefix = "secure";
        Path config = writeConfig(prefix);
        Map<String, String> env = environment(kafkaPassword);
        Path state = dir.resolve("state");
        List<Path> logs = new ArrayList<>();
        List<String> served = new ArrayList<>();

        Path checkLog = command(env, logs, "check", 0, "check", "--config", config.toString());
        assertFalse(Files.readString(checkLog).contains("FAIL"), Files.readString(checkLog));

        int httpPort = freePort();
        Path runLog = dir.resolve("run.log");
        logs.add(runLog);
        try (ChildPipeline run = ChildPipeline.command(env, runLog, "run", "--config", config.toString(),
                "--state-dir", state.toString(), "--http-port", String.valueOf(httpPort))) {
            awaitIdentical();
            // An undecodable change on the raw topic: the transform dead-letters it, over SASL_SSL too.
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clientConfig(),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(prefix + ".legacy.public." + AllTypesTable.NAME,
                        "bad".getBytes(StandardCharsets.UTF_8), "record".getBytes(StandardCharsets.UTF_8))).get();
            }
            Await.until("a dead letter is listed", Duration.ofSeconds(120),
                    () -> Files.readString(command(env, logs, "dlq", -1, "dlq", "list", "--config", config.toString())),
                    printed -> printed.contains("1 dead letters pending"));
            for (String path : List.of("/status", "/metrics", "/")) {
                served.add(get("http://127.0.0.1:" + httpPort + path));
            }
            command(env, logs, "verify", 0, "verify", "--config", config.toString());
            Path cutoverLog = command(env, logs, "cutover", 0, "cutover", "--config", config.toString(),
                    "--accept-dead-letters", "--timeout", "120");
            assertTrue(Files.readString(cutoverLog).contains("READY"), Files.readString(cutoverLog));
            assertEquals(0, run.terminate(), Files.readString(runLog));
        }
        assertTrue(Files.readString(runLog).contains("ferry: stopped cleanly"), Files.readString(runLog));

        // With the pipeline stopped, status reads Kafka alone (admin clients over SASL_SSL).
        Path statusLog = command(env, logs, "status", 0, "status", "--config", config.toString());
        assertTrue(Files.readString(statusLog).contains(AllTypesTable.NAME), Files.readString(statusLog));

        // A row lost in the target comes back by replay, from the mapped topic over SASL_SSL.
        try (Connection target = connect("target"); Statement s = target.createStatement()) {
            assertEquals(1, s.executeUpdate("DELETE FROM " + AllTypesTable.NAME + " WHERE id = 7"));
        }
        command(env, logs, "replay", 0, "replay", "--config", config.toString(), "--target", "fresh",
                "--state-dir", state.toString());
        assertTrue(identical(), "the replay restored the deleted row");

        List<String> places = new ArrayList<>();
        for (Path log : logs) {
            places.add(log + ":\n" + Files.readString(log));
        }
        places.addAll(served);
        places.addAll(deadLetterHeaders(prefix));
        places.addAll(stateFiles(state));
        FerryConfig loaded = ConfigLoader.load(config, env);
        places.add(loaded.toString());
        places.add(loaded.kafka().toString());
        places.add(new StageConfigs(loaded, state).kafka().toString());
        for (String secret : List.of(kafkaPassword, certificates.password())) {
            for (String place : places) {
                assertFalse(place.contains(secret), "a secret shows in: " + place);
            }
        }
        assertTrue(places.stream().anyMatch(p -> p.contains("ferry.error.cause")), "the dead letter's headers were read");
    }

    @Test
    void aWrongKafkaPasswordIsAOneLineRefusalOfCheckAndAnOutageOfRun() throws Exception {
        Path config = writeConfig("wrongpassword");
        Map<String, String> env = environment("not-" + kafkaPassword);
        List<Path> logs = new ArrayList<>();

        String checked = Files.readString(command(env, logs, "check-wrong", 1, "check", "--config", config.toString()));
        List<String> refusals = checked.lines().filter(l -> l.contains("FAIL")).toList();
        assertEquals(1, refusals.size(), checked);
        assertTrue(refusals.get(0).contains("kafka") && refusals.get(0).contains("Authentication failed")
                && refusals.get(0).contains(KAFKA_USER), checked);
        assertFalse(checked.contains("\tat "), "no stack trace: " + checked);
        assertFalse(checked.contains("SaslAuthenticationException") || checked.contains("NetworkClient"),
                "the Kafka clients' own reports stay out: " + checked);

        int httpPort = freePort();
        Path runLog = dir.resolve("run-wrong.log");
        try (ChildPipeline run = ChildPipeline.command(env, runLog, "run", "--config", config.toString(),
                "--state-dir", dir.resolve("state-wrong").toString(), "--http-port", String.valueOf(httpPort))) {
            String status = Await.until("status shows Kafka refusing Ferry's credentials", Duration.ofSeconds(180),
                    () -> getQuietly("http://127.0.0.1:" + httpPort + "/status"),
                    s -> s.contains("Authentication failed"));
            assertTrue(run.isAlive(), "an outage, not an exit: " + Files.readString(runLog));
            String printed = Files.readString(runLog);
            assertFalse(printed.contains("\tat "), "no stack trace: " + printed);
            assertTrue(printed.lines().filter(l -> l.contains("Authentication failed")).count() <= 3,
                    "said once per change, not per retry: " + printed);
            assertFalse(status.contains(kafkaPassword.substring(6)), status);
            assertEquals(0, run.terminate(), Files.readString(runLog));
        }
    }

    private Path writeConfig(String prefix) throws IOException {
        String sslPostgres = "?sslmode=verify-full&sslrootcert=" + certificates.caPem();
        String yaml = """
                kafka:
                  bootstrap-servers: %s
                  schema-registry: %s
                  schema-registry-truststore: %s
                  schema-registry-truststore-password: ${env:FERRY_TRUST_PASSWORD}
                  topic-prefix: %s
                  partitions: 2
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                    sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="${env:FERRY_KAFKA_PASSWORD}";
                    ssl.truststore.type: PKCS12
                    ssl.truststore.location: %s
                    ssl.truststore.password: ${env:FERRY_TRUST_PASSWORD}
                sources:
                  - name: legacy
                    type: postgres
                    url: %s
                    user: %s
                    password: ${env:FERRY_SOURCE_PASSWORD}
                    tables: [public.%s]
                targets:
                  - name: fresh
                    type: postgres
                    url: %s
                    user: %s
                    password: ${env:FERRY_TARGET_PASSWORD}
                """.formatted(kafka.bootstrapServers(), registry.url(), certificates.trustStore(), prefix, KAFKA_USER,
                certificates.trustStore(), postgres.jdbcUrl("source") + sslPostgres, postgres.user(),
                AllTypesTable.NAME, postgres.jdbcUrl("target") + sslPostgres, postgres.user());
        Path file = dir.resolve(prefix + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private Map<String, String> environment(String kafkaPasswordToGive) {
        return Map.of("FERRY_KAFKA_PASSWORD", kafkaPasswordToGive, "FERRY_TRUST_PASSWORD", certificates.password(),
                "FERRY_SOURCE_PASSWORD", postgres.password(), "FERRY_TARGET_PASSWORD", postgres.password());
    }

    /** Runs {@code ferry args} in its own JVM; asserts its exit status unless {@code expectedExit} is -1. */
    private Path command(Map<String, String> env, List<Path> logs, String name, int expectedExit, String... args)
            throws Exception {
        Path log = dir.resolve(name + "-" + logs.size() + ".log");
        logs.add(log);
        ChildPipeline child = ChildPipeline.command(env, log, args);
        OptionalInt exit = child.awaitExit(Duration.ofSeconds(240));
        if (exit.isEmpty()) {
            child.kill();
        }
        if (expectedExit >= 0) {
            assertEquals(OptionalInt.of(expectedExit), exit, "ferry " + String.join(" ", args) + "\n" + Files.readString(log));
        }
        return log;
    }

    /** The test's own Kafka clients: the same SASL_SSL settings Ferry is given. */
    private Map<String, Object> clientConfig() {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", "SCRAM-SHA-512");
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + KAFKA_USER + "\" password=\"" + kafkaPassword + "\";");
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", certificates.trustStore().toString());
        c.put("ssl.truststore.password", certificates.password());
        return c;
    }

    /** Every header of every record of the transform's dead-letter topic, as text. */
    private List<String> deadLetterHeaders(String prefix) {
        Map<String, Object> c = clientConfig();
        c.put("group.id", "secure-test-reader");
        c.put("auto.offset.reset", "earliest");
        List<String> headers = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(prefix + ".dlq.transform"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (headers.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    for (Header header : record.headers()) {
                        headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return headers;
    }

    private static List<String> stateFiles(Path state) throws IOException {
        List<String> contents = new ArrayList<>();
        if (!Files.exists(state)) {
            return contents;
        }
        try (Stream<Path> files = Files.walk(state)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                contents.add(file + ":\n" + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
        return contents;
    }

    /** Plain connections are refused from now on: whatever reaches PostgreSQL came over TLS. */
    private void onlyTlsConnections() throws Exception {
        Path hba = postgres.dir().resolve("data").resolve("pg_hba.conf");
        assertTrue(Files.exists(hba), "pg_hba.conf at " + hba);
        Files.writeString(hba, """
                local all all trust
                hostssl all all 127.0.0.1/32 trust
                hostssl replication all 127.0.0.1/32 trust
                hostnossl all all 0.0.0.0/0 reject
                hostnossl replication all 0.0.0.0/0 reject
                """);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres") + "?sslmode=require",
                postgres.user(), postgres.password()); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
        Await.until("plain connections refused", Duration.ofSeconds(30), () -> {
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres") + "?sslmode=disable",
                    postgres.user(), postgres.password())) {
                return false;
            } catch (java.sql.SQLException e) {
                return true;
            }
        }, refused -> refused);
    }

    private Connection connect(String database) throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(database) + "?sslmode=verify-full&sslrootcert="
                + certificates.caPem(), postgres.user(), postgres.password());
    }

    private boolean identical() throws Exception {
        try (Connection s = connect("source"); Connection t = connect("target")) {
            return TableComparison.compare(s, t, "public", AllTypesTable.NAME).identical();
        }
    }

    private void awaitIdentical() throws Exception {
        Await.until("target identical to source", Duration.ofSeconds(240), this::identical, same -> same);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return url + ":\n" + response.body();
    }

    private static String getQuietly(String url) throws InterruptedException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "not answering: " + e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
