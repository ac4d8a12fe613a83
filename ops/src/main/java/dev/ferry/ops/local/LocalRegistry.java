package dev.ferry.ops.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.ferry.schemas.registry.TrustStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apicurio Registry 3.3 (a Confluent-compatible schema registry) running as a child JVM, for {@code ferry demo} and
 * end-to-end tests.
 *
 * <p>The registry keeps its data in an in-memory H2 database, so every start begins empty and nothing survives
 * {@link #close()}. It listens on {@code 127.0.0.1} only, on free ports chosen at start (one for the API, one for
 * Quarkus' management interface). Deleting subjects and versions is enabled, as in Confluent Schema Registry.
 *
 * <p>Apicurio 3.3 needs Java 21 or newer; see {@link #start(Path, Path)} for how that runtime is found. The child's
 * stdout and stderr go to {@code workDir/registry.log}. A JVM shutdown hook kills the child if {@link #close()} was
 * never called.
 *
 * <p>Instances are thread-safe; {@link #close()} is idempotent.
 */
public final class LocalRegistry implements AutoCloseable {

    /** System property naming the unpacked {@code apicurio-registry-app} directory (holding quarkus-run.jar). */
    public static final String HOME_PROPERTY = "ferry.registry.home";
    /** System property naming the Java 21+ runtime to run the registry: a java executable or a JDK/JRE home. */
    public static final String JAVA_PROPERTY = "ferry.registry.java";

    private static final Logger LOG = LoggerFactory.getLogger(LocalRegistry.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final String CCOMPAT_PATH = "/apis/ccompat/v7";
    private static final int MIN_JAVA = 21;
    private static final Path JVM_DIR = Path.of("/usr/lib/jvm");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 40;

    private final Process process;
    private final String baseUrl;
    private final Path logFile;
    private final Thread shutdownHook;
    private boolean closed;

    private LocalRegistry(Process process, String baseUrl, Path logFile) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
        // Last resort for demo runs ended with Ctrl-C or tests that forget close(): never leave an orphan JVM behind.
        this.shutdownHook = new Thread(() -> destroyTree(process, Duration.ofSeconds(2)), "ferry-registry-killer");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Resolves the unpacked registry from system property {@value #HOME_PROPERTY}.
     *
     * @return the directory named by the property (not checked here; {@link #start} checks it), never null
     * @throws IllegalStateException if the property is not set
     */
    public static Path defaultHome() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("Apicurio Registry location unknown: set system property " + HOME_PROPERTY
                    + " to the unpacked io.apicurio:apicurio-registry-app:3.3.2:tar.gz:all directory (the one holding"
                    + " quarkus-run.jar; the ops build unpacks it to ops/target/registry)");
        }
        return Path.of(home);
    }

    /**
     * Starts the registry and waits (at most 90 s) until {@code GET url()/subjects} answers 200.
     *
     * <p>The Java runtime is, in this order: system property {@value #JAVA_PROPERTY}; the JVM running this code if it
     * is Java 21+; the newest Java 21+ JDK under {@code /usr/lib/jvm} (judged by each JDK's {@code release} file).
     *
     * @param appHome unpacked {@code apicurio-registry-app} directory containing {@code quarkus-run.jar}, not null
     * @param workDir directory for {@code registry.log} and the child's temp files; created if missing, not null
     * @return the running registry, never null
     * @throws IllegalArgumentException if {@code appHome} holds no quarkus-run.jar
     * @throws IllegalStateException    if no Java 21+ runtime is found, or the registry exits or is not ready in time
     *                                  (the message carries the last lines of its log)
     * @throws UncheckedIOException     if {@code workDir} cannot be prepared or the process cannot be launched
     */
    public static LocalRegistry start(Path appHome, Path workDir) {
        return start(appHome, workDir, null);
    }

    /**
     * Like {@link #start(Path, Path)}, but the API answers only over HTTPS ({@code url()} is then
     * {@code https://127.0.0.1:PORT/...}; plain HTTP requests are refused), with the certificate in
     * {@code tls}'s key store. The key store password reaches the child through its environment,
     * not its command line.
     */
    public static LocalRegistry startHttps(Path appHome, Path workDir, Tls tls) {
        return start(appHome, workDir, Objects.requireNonNull(tls, "tls"));
    }

    /**
     * The server side of {@link #startHttps}.
     *
     * @param keyStore PKCS12 key store with the server's key and certificate (covering {@code 127.0.0.1})
     * @param keyStorePassword its password
     * @param trust what the readiness probe trusts the certificate by (the test CA)
     */
    public record Tls(Path keyStore, String keyStorePassword, TrustStore trust) {

        @Override
        public String toString() {
            return "Tls[" + keyStore + ", password ****, " + trust + "]";
        }
    }

    private static LocalRegistry start(Path appHome, Path workDir, Tls tls) {
        Objects.requireNonNull(appHome, "appHome");
        Objects.requireNonNull(workDir, "workDir");
        long startNanos = System.nanoTime();
        Path runJar = appHome.toAbsolutePath().resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalArgumentException("Not an unpacked Apicurio Registry app: " + runJar + " does not exist"
                    + " (system property " + HOME_PROPERTY + " should name the directory holding it)");
        }
        Path work = workDir.toAbsolutePath();
        Path tmp = work.resolve("tmp");
        Path logFile = work.resolve("registry.log");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create registry work directory " + tmp, e);
        }
        Path java = findJava();
        int httpPort = freePort();
        int managementPort = freePort();

        List<String> command = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx256m",
                // C1 only and the serial collector: quicker start, smaller footprint; the load here is light.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                // Keep every file the child writes under workDir, not /tmp.
                "-Djava.io.tmpdir=" + tmp,
                "-Dvertx.cacheDirBase=" + tmp.resolve("vertx-cache"),
                "-Dapicurio.storage.snapshot.location=" + tmp,
                "-Dapicurio.import.work-dir=" + tmp,
                "-Dquarkus.http.host=" + LOOPBACK,
                "-Dquarkus.http.port=" + httpPort,
                // The management interface is fixed on at build time; move it off its default 0.0.0.0:9000.
                "-Dquarkus.management.host=" + LOOPBACK,
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.banner.enabled=false",
                "-Dquarkus.http.access-log.enabled=false",
                // The default pool opens 20 H2 connections up front; a handful is plenty here.
                "-Dapicurio.datasource.jdbc.initial-size=2",
                "-Dapicurio.datasource.jdbc.min-size=2",
                // Behave like Confluent Schema Registry, which lets clients delete subjects and versions.
                "-Dapicurio.rest.deletion.group.enabled=true",
                "-Dapicurio.rest.deletion.artifact.enabled=true",
                "-Dapicurio.rest.deletion.artifact-version.enabled=true"));
        int apiPort = httpPort;
        if (tls != null) {
            apiPort = freePort();
            command.add("-Dquarkus.http.ssl-port=" + apiPort);
            command.add("-Dquarkus.http.insecure-requests=disabled");
            command.add("-Dquarkus.http.ssl.certificate.key-store-file=" + tls.keyStore().toAbsolutePath());
            command.add("-Dquarkus.http.ssl.certificate.key-store-file-type=PKCS12");
        }
        command.addAll(List.of("-jar", runJar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        if (tls != null) {
            builder.environment().put("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_PASSWORD", tls.keyStorePassword());
        }
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close(); // nothing is ever written to its stdin
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot launch Apicurio Registry with " + java, e);
        }

        String baseUrl = (tls == null ? "http://" : "https://") + LOOPBACK + ":" + apiPort;
        LocalRegistry registry = new LocalRegistry(process, baseUrl, logFile);
        try {
            awaitReady(process, URI.create(registry.url() + "/subjects"), tls, logFile, startNanos);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        LOG.info("Local schema registry started at {} (pid {}, {}, log {}) in {} ms",
                registry.url(), process.pid(), java, logFile, millisSince(startNanos));
        return registry;
    }

    /** @return Confluent-compatible API base, {@code http://127.0.0.1:PORT/apis/ccompat/v7}, no trailing slash */
    public String url() {
        return baseUrl + CCOMPAT_PATH;
    }

    /**
     * @return server root {@code http://127.0.0.1:PORT}, no trailing slash; Apicurio's own APIs are under
     *         {@code /apis/registry/v2} and {@code /apis/registry/v3}
     */
    public String baseUrl() {
        return baseUrl;
    }

    /** @return the file receiving the registry's stdout and stderr, never null */
    public Path logFile() {
        return logFile;
    }

    /**
     * Stops the registry (graceful for up to 10 s, then killed) together with any process it started, and waits
     * until they are gone. Later calls do nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        destroyTree(process, STOP_GRACE);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook is harmless now that the process is gone.
        }
    }

    /** Polls until the readiness URL answers 200; fails fast if the child exits. */
    private static void awaitReady(Process process, URI readiness, Tls tls, Path logFile, long startNanos) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1));
        if (tls != null) {
            builder.sslContext(tls.trust().sslContext());
        }
        HttpClient http = builder.build();
        HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = startNanos + START_TIMEOUT.toNanos();
        while (true) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Apicurio Registry at " + readiness, e);
            }
            try {
                // Doubles as the pause between polls and the check that the child is still alive.
                if (process.waitFor(250, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                            + " after " + millisSince(startNanos) + " ms; last lines of " + logFile + ":\n"
                            + tail(logFile));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Apicurio Registry at " + readiness, e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Apicurio Registry not ready at " + readiness + " after "
                        + millisSince(startNanos) + " ms; last lines of " + logFile + ":\n" + tail(logFile));
            }
        }
    }

    /** Asks the process and its descendants to stop, kills whatever is left after {@code grace}, and waits. */
    private static void destroyTree(Process process, Duration grace) {
        // Snapshot first: once the parent is gone its children are re-parented and no longer listed.
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : all) {
            long remaining = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                handle.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                handle.destroyForcibly();
            }
        }
        for (ProcessHandle handle : all) {
            // SIGKILL cannot be ignored, so this wait is short; it makes "gone" true when close() returns.
            try {
                handle.onExit().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.warn("Registry process {} still alive {} ms after SIGKILL", handle.pid(), KILL_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Finds a java executable of version 21 or newer; see {@link #start} for the search order. */
    static Path findJava() {
        String configured = System.getProperty(JAVA_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            Path executable = Files.isDirectory(path) ? path.resolve("bin").resolve("java") : path;
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException("System property " + JAVA_PROPERTY + "=" + configured
                        + " does not lead to an executable java (tried " + executable + ")");
            }
            return executable;
        }
        if (Runtime.version().feature() >= MIN_JAVA) {
            Path self = Path.of(System.getProperty("java.home"), "bin", "java");
            if (Files.isExecutable(self)) {
                return self;
            }
        }
        Path best = null;
        int bestVersion = 0;
        if (Files.isDirectory(JVM_DIR)) {
            try (DirectoryStream<Path> jdks = Files.newDirectoryStream(JVM_DIR)) {
                for (Path jdk : jdks) {
                    int version = releaseVersion(jdk.resolve("release")).orElse(0);
                    Path executable = jdk.resolve("bin").resolve("java");
                    if (version >= MIN_JAVA && version > bestVersion && Files.isExecutable(executable)) {
                        best = executable;
                        bestVersion = version;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + JVM_DIR, e);
            }
        }
        if (best == null) {
            throw new IllegalStateException("Apicurio Registry 3.3 needs Java " + MIN_JAVA + "+, but this JVM is "
                    + Runtime.version().feature() + " and no JDK " + MIN_JAVA + "+ was found under " + JVM_DIR
                    + "; set system property " + JAVA_PROPERTY + " to a Java " + MIN_JAVA + "+ executable or home");
        }
        return best;
    }

    /** Major version from a JDK {@code release} file ({@code JAVA_VERSION="21.0.2"}, or "1.8.0_392" for 8). */
    private static Optional<Integer> releaseVersion(Path releaseFile) {
        if (!Files.isRegularFile(releaseFile)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(releaseFile, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim();
                    if (version.startsWith("1.")) {
                        version = version.substring(2);
                    }
                    String major = version.split("[^0-9]", 2)[0];
                    return major.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(major));
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("Ignoring unreadable {}", releaseFile, e);
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on " + LOOPBACK, e);
        }
    }

    private static String tail(Path file) {
        try {
            // Lenient decoding: a log with odd bytes must not hide the reason the registry failed.
            String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\\R");
            return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - LOG_TAIL_LINES), lines.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
