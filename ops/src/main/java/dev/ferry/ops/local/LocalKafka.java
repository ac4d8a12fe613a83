package dev.ferry.ops.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka 4.1 server (combined KRaft broker and controller) running inside this JVM.
 *
 * <p>Meant for {@code ferry demo} and end-to-end tests: one node, replication factor 1, plaintext listeners bound to
 * {@code 127.0.0.1} on free ports chosen at start. Transactions (Kafka Streams {@code exactly_once_v2}) and log
 * compaction work; topics are never auto-created, so callers create them explicitly.
 *
 * <p>Unless system property {@code ferry.local.verbose} is {@code true}, the server's own INFO chatter is lowered to
 * WARN when the SLF4J backend is Logback and the application's configuration leaves those loggers unset: loggers
 * {@code kafka} and {@code state.change.logger}, and the {@code server}, {@code raft}, {@code controller},
 * {@code metadata}, {@code image}, {@code storage}, {@code coordinator}, {@code queue}, {@code snapshot},
 * {@code network} and {@code security} packages under {@code org.apache.kafka}. Client loggers
 * ({@code org.apache.kafka.clients}, {@code .common}, {@code .streams}) are left alone.
 *
 * <p>Like any Kafka broker, this one halts the JVM on faults it treats as fatal (for example, its log directory
 * disappearing while it runs), so close it before deleting {@code dataDir}.
 *
 * <p>Instances are thread-safe; {@link #close()} is idempotent.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String LOOPBACK = "127.0.0.1";

    /** Logger names used only by the server side of Kafka (never by producers, consumers or the admin client). */
    private static final List<String> SERVER_LOGGERS = List.of(
            "kafka", "state.change.logger",
            "org.apache.kafka.server", "org.apache.kafka.raft", "org.apache.kafka.controller",
            "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.storage",
            "org.apache.kafka.coordinator", "org.apache.kafka.queue", "org.apache.kafka.snapshot",
            "org.apache.kafka.network", "org.apache.kafka.security");

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private boolean closed;

    private LocalKafka(KafkaRaftServer server, String bootstrapServers, Path dataDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    /**
     * Formats (if needed) and starts a broker+controller whose log lives in {@code dataDir}.
     *
     * <p>{@code dataDir} is created if missing; it must be empty or hold a log written by an earlier {@code LocalKafka}
     * (then topics and committed data are kept, and the node re-registers on its new ports). It is never deleted by
     * this class. Returns once the broker is unfenced and accepts client requests (typically a few seconds).
     *
     * @param dataDir directory owned exclusively by this server, not null
     * @return the running server, never null
     * @throws UncheckedIOException  if the directory cannot be created or written, or no free port can be found
     * @throws IllegalStateException if formatting fails, or the server fails to start (message names the directory,
     *                               ports and elapsed time)
     */
    public static LocalKafka start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /**
     * Like {@link #start(Path)}, with broker settings that replace Ferry's defaults (for example a
     * cluster set up like a production one, to show what Ferry says about it).
     */
    public static LocalKafka start(Path dataDir, Map<String, String> brokerSettings) {
        return start(dataDir, brokerSettings, null);
    }

    /**
     * Like {@link #start(Path)}, but clients reach the broker only through {@code listener}: TLS and
     * SCRAM-SHA-512 (the controller listener stays plaintext on {@code 127.0.0.1}). A restart on an
     * existing log keeps the users it was formatted with.
     */
    public static LocalKafka start(Path dataDir, SaslSslListener listener) {
        return start(dataDir, Map.of(), Objects.requireNonNull(listener, "listener"));
    }

    private static LocalKafka start(Path dataDir, Map<String, String> brokerSettings, SaslSslListener secured) {
        Objects.requireNonNull(dataDir, "dataDir");
        long startNanos = System.nanoTime();
        quietServerLoggers();
        Path logDir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka data directory " + logDir, e);
        }
        int brokerPort = freePort();
        int controllerPort = freePort();
        String listener = secured == null ? BROKER_LISTENER : SaslSslListener.NAME;
        Properties properties = serverProperties(logDir, listener, brokerPort, controllerPort);
        List<String> scram = new ArrayList<>();
        if (secured != null) {
            String brokerPassword = SaslSslListener.newBrokerPassword();
            properties.putAll(secured.brokerSettings(brokerPassword));
            secured.scramCredentials(brokerPassword).forEach((user, password) -> {
                scram.add("--add-scram");
                scram.add(SaslSslListener.scramArgument(user, password));
            });
        }
        properties.putAll(brokerSettings);
        format(properties, logDir, scram);
        KafkaConfig config = new KafkaConfig(properties, false);

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            // Blocks until the controller has elected itself and the broker is unfenced, or throws.
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly(server);
            throw new IllegalStateException("Kafka failed to start in " + logDir + " (broker port " + brokerPort
                    + ", controller port " + controllerPort + ") after " + millisSince(startNanos) + " ms", e);
        }
        String bootstrap = LOOPBACK + ":" + brokerPort;
        LOG.info("Local Kafka started at {} (data {}) in {} ms", bootstrap, logDir, millisSince(startNanos));
        return new LocalKafka(server, bootstrap, logDir);
    }

    /** @return {@code host:port} of the client listener (plaintext or SASL_SSL) for {@code bootstrap.servers}, never null */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Shuts the server down cleanly and waits until all its threads have stopped. Data stays in the data directory.
     * Safe to call more than once; later calls do nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Local Kafka at {} (data {}) stopped in {} ms", bootstrapServers, dataDir, millisSince(startNanos));
    }

    private static Properties serverProperties(Path logDir, String listener, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        // Identity and listeners: one combined node that is the only voter of a static quorum.
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        p.put("listeners", listener + "://" + LOOPBACK + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", listener + "://" + LOOPBACK + ":" + brokerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", listener);
        p.put("listener.security.protocol.map", listener + ":" + listener + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());

        // A single replica everywhere, including the internal topics behind groups and transactions.
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        // Groups (and Streams apps) start consuming at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");

        // Compaction on, with a dedupe buffer sized for test data rather than the 128 MiB default.
        p.put("log.cleaner.enable", "true");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.put("log.cleaner.io.buffer.size", String.valueOf(512 * 1024));

        // Keep the footprint small: 16 MiB segments, 1 MiB index files, few threads.
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        p.put("offsets.topic.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("transaction.state.log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.replica.fetchers", "1");
        p.put("num.recovery.threads.per.data.dir", "1");

        // Faster heartbeats shorten the wait for the broker to be unfenced at startup.
        p.put("broker.heartbeat.interval.ms", "500");
        // Fail startup instead of hanging forever if the node cannot catch up with its own metadata.
        p.put("server.max.startup.time.ms", "60000");
        return p;
    }

    /**
     * Writes meta.properties and the bootstrap metadata unless the directory is already formatted (a restart on an
     * existing log keeps its cluster id, so no new one may be written). Goes through the
     * public entry point of {@code kafka-storage.sh format}, which needs only {@code kafka_2.13} on the compile path
     * (the {@code Formatter} it drives lives in {@code kafka-metadata}, a runtime-only dependency).
     */
    private static void format(Properties serverProperties, Path logDir, List<String> extraArguments) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path configFile = logDir.resolve(".ferry-format.properties");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            try (OutputStream out = Files.newOutputStream(configFile)) {
                serverProperties.store(out, "temporary: read by kafka-storage format, then deleted");
            }
            List<String> arguments = new ArrayList<>(List.of("format", "--config", configFile.toString(),
                    "--cluster-id", Uuid.randomUuid().toString()));
            arguments.addAll(extraArguments);
            exitCode = StorageTool.execute(arguments.toArray(String[]::new), print);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + configFile + " to format Kafka storage", e);
        } catch (RuntimeException e) {
            // FormatterException and TerseFailure are unchecked and carry the tool's explanation.
            throw new IllegalStateException("Cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(configFile);
            } catch (IOException e) {
                LOG.warn("Could not delete {}", configFile, e);
            }
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting Kafka storage in " + logDir + " exited with " + exitCode
                    + ": " + output.toString(StandardCharsets.UTF_8).strip());
        }
    }

    /** Returns a port that was free on 127.0.0.1 a moment ago; the server binds it right after. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on " + LOOPBACK, e);
        }
    }

    private static void shutdownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka shutdown after failed start also failed", e);
        }
    }

    /**
     * Lowers the server-side Kafka loggers to WARN, only when Logback is the backend and the application's own
     * configuration left them at the inherited level. Reflection keeps Logback a runtime-only dependency.
     */
    private static void quietServerLoggers() {
        if (Boolean.getBoolean("ferry.local.verbose")) {
            return;
        }
        try {
            for (String name : SERVER_LOGGERS) {
                Object logger = LoggerFactory.getLogger(name);
                Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level", false,
                        logger.getClass().getClassLoader());
                Method getLevel = logger.getClass().getMethod("getLevel");
                if (getLevel.invoke(logger) == null) {
                    logger.getClass().getMethod("setLevel", levelClass)
                            .invoke(logger, levelClass.getField("WARN").get(null));
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // Not Logback (or a different version): leave logging exactly as the application configured it.
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
