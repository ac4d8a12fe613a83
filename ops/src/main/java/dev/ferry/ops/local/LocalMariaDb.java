package dev.ferry.ops.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private MariaDB server run from this machine's binaries ({@code /usr/sbin/mariadbd},
 * {@code mariadb-install-db}), for end-to-end tests and the demo. It never touches the system
 * service: everything lives under the directory given to {@link #start(Path)}: {@code data/} (the
 * server's files, installed on first start), {@code mariadb.sock} (its Unix socket) and
 * {@code mariadb.log} (its error log).
 *
 * <p>The server listens on {@code 127.0.0.1} on a free port, with {@code utf8mb4} as the default
 * character set, the UTC time zone, and the binary log on in {@code ROW} format with a server id
 * (so capture can stream from it). A TCP user {@link #user()} with password {@link #password()}
 * has every privilege. It is tuned for speed, not durability ({@code innodb_flush_log_at_trx_commit=2}).
 *
 * <p>{@link #stop()} and {@link #start()} take the database away and bring it back on the same port
 * with the same data, for fault-injection tests. Instances are thread-safe.
 */
public final class LocalMariaDb implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMariaDb.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final String USER = "ferry";
    private static final String PASSWORD = "ferry";
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path dataDir;
    private final Path socket;
    private final Path logFile;
    private final int port;
    private final Thread shutdownHook;
    private Process server; // null while stopped
    private boolean closed;

    private LocalMariaDb(Path dir, int port) {
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.socket = dir.resolve("mariadb.sock");
        this.logFile = dir.resolve("mariadb.log");
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "ferry-mariadb-stopper");
    }

    /**
     * Installs a data directory under {@code dir} (unless one is there already), starts the server on
     * a free port and creates the TCP user. Returns once the server accepts connections.
     *
     * @param dir directory owned by this server, created if missing, not null
     * @throws IllegalStateException if the binaries are missing or the server does not start within 60 s
     *     (the message includes the end of its log)
     */
    public static LocalMariaDb start(Path dir) {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isExecutable(SERVER) || !Files.isExecutable(INSTALL_DB)) {
            throw new IllegalStateException("MariaDB binaries not found: " + SERVER + " and " + INSTALL_DB
                    + " (install the mariadb-server package)");
        }
        Path root = dir.toAbsolutePath();
        LocalMariaDb db = new LocalMariaDb(root, freePort());
        db.install();
        db.start();
        db.createUser();
        Runtime.getRuntime().addShutdownHook(db.shutdownHook);
        return db;
    }

    private void install() {
        if (Files.isDirectory(dataDir.resolve("mysql"))) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            Process p = new ProcessBuilder(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + dataDir,
                    "--auth-root-authentication-method=normal", "--skip-test-db", "--user=" + osUser())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("mariadb-install-db failed in " + dataDir + "; last lines of " + logFile
                        + ":\n" + tail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install MariaDB in " + dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted installing MariaDB in " + dataDir, e);
        }
        LOG.info("Local MariaDB data directory installed in {} in {} ms", dataDir, millisSince(t0));
    }

    /**
     * Starts the server (again, after {@link #stop()}) on the same port with the same data; does
     * nothing if it is running.
     *
     * @throws IllegalStateException if closed, or the server does not accept connections within 60 s
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("LocalMariaDb in " + dir + " is closed");
        }
        if (server != null) {
            return;
        }
        long t0 = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--no-defaults",
                "--datadir=" + dataDir, "--socket=" + socket, "--port=" + port, "--bind-address=" + LOOPBACK,
                "--pid-file=" + dir.resolve("mariadb.pid"), "--log-error=" + logFile,
                "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
                "--default-time-zone=+00:00", "--log-bin=" + dataDir.resolve("binlog"), "--binlog-format=ROW",
                "--binlog-row-image=FULL", "--server-id=1", "--innodb-flush-log-at-trx-commit=2",
                "--innodb-buffer-pool-size=128M", "--max-allowed-packet=256M", "--skip-name-resolve",
                "--max-connections=200"));
        if ("root".equals(osUser())) {
            command.add("--user=root");
        }
        try {
            server = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + SERVER, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(rootUrl(), "root", "")) {
                break;
            } catch (SQLException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    server.destroyForcibly();
                    server = null;
                    throw new IllegalStateException("MariaDB did not start on " + LOOPBACK + ":" + port + " after "
                            + millisSince(t0) + " ms; last lines of " + logFile + ":\n" + tail(), e);
                }
                sleep(100);
            }
        }
        LOG.info("Local MariaDB started on {}:{} (data {}) in {} ms", LOOPBACK, port, dataDir, millisSince(t0));
    }

    /**
     * Stops the server (SIGTERM, a clean shutdown; killed after 30 s) and waits until it has exited;
     * data and port are kept for {@link #start()}. Does nothing if already stopped.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long t0 = System.nanoTime();
        Process stopping = server;
        server = null;
        stopping.destroy();
        try {
            if (!stopping.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                stopping.destroyForcibly();
                stopping.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.destroyForcibly();
        }
        LOG.info("Local MariaDB on {}:{} stopped in {} ms", LOOPBACK, port, millisSince(t0));
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** @return the TCP port on 127.0.0.1, fixed for the life of this instance */
    public int port() {
        return port;
    }

    /** @return {@code jdbc:mariadb://127.0.0.1:PORT/DATABASE}, without credentials */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + LOOPBACK + ":" + port + "/" + database;
    }

    /** @return the TCP user with every privilege */
    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public Path dir() {
        return dir;
    }

    /** Creates a database (utf8mb4) if it does not exist; the name is quoted verbatim. */
    public void createDatabase(String name) {
        execute("CREATE DATABASE IF NOT EXISTS `" + name.replace("`", "``") + "` CHARACTER SET utf8mb4");
    }

    /** Stops the server and deletes its data directory; the log is kept. Later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // The JVM is shutting down already.
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dataDir, e.getMessage());
        }
    }

    private void createUser() {
        execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
        execute("GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(rootUrl(), "root", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB on " + LOOPBACK + ":" + port + " refused " + sql + ": "
                    + e.getMessage(), e);
        }
    }

    /** Root logs in over TCP without password (installed with normal authentication). */
    private String rootUrl() {
        return "jdbc:mariadb://" + LOOPBACK + ":" + port + "/mysql";
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("cannot stop MariaDB in {}", dir, e);
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.exists(logFile) ? Files.readAllLines(logFile) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    private static String osUser() {
        return System.getProperty("user.name");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for MariaDB", e);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
