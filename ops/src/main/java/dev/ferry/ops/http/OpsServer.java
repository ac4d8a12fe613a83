package dev.ferry.ops.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.ops.status.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP port of a running pipeline (JDK {@code com.sun.net.httpserver}, two threads):
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format (version 0.0.4);</li>
 *   <li>{@code GET /status}: the {@link Status} as JSON;</li>
 *   <li>{@code GET /health}: 200 {@code ok} while every stage works, 503 with the FAILED stages otherwise;</li>
 *   <li>{@code GET /overview} and {@code GET /history} (when served): what the dashboard shows beside
 *   the status (version, uptime, cutover readiness, dead letters, source lag; the throughput of the
 *   last hour), as JSON;</li>
 *   <li>{@code GET /}: the dashboard, one self-contained HTML page that polls {@code /status}.</li>
 * </ul>
 * Anything else is 404; a method other than GET or HEAD is 405.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer server;

    /**
     * Binds and starts serving on all interfaces.
     *
     * @param port TCP port; 0 picks a free one (see {@link #port()})
     * @throws UncheckedIOException when the port cannot be bound; the message names it
     */
    public OpsServer(int port, Supplier<Status> status, Supplier<String> metrics) {
        this(port, status, metrics, java.util.Map.of());
    }

    /** @param documents more JSON documents to serve, by path ({@code /overview}) */
    public OpsServer(int port, Supplier<Status> status, Supplier<String> metrics,
                     java.util.Map<String, Supplier<?>> documents) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics and status on port " + port + ": " + e.getMessage(), e);
        }
        byte[] dashboard = dashboard();
        server.createContext("/metrics", ex -> respond(ex, "/metrics", "text/plain; version=0.0.4; charset=utf-8",
                () -> metrics.get().getBytes(StandardCharsets.UTF_8)));
        server.createContext("/status", ex -> respond(ex, "/status", "application/json",
                () -> json(status.get())));
        server.createContext("/health", ex -> health(ex, status));
        documents.forEach((path, document) -> server.createContext(path,
                ex -> respond(ex, path, "application/json", () -> json(document.get()))));
        server.createContext("/", ex -> respond(ex, "/", "text/html; charset=utf-8", () -> dashboard));
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ferry-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        LOG.info("serving /metrics, /status and the dashboard on port {}", port());
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, String path, String type, Supplier<byte[]> body) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals(path)) {
                send(ex, 404, "text/plain", ("not found: " + ex.getRequestURI().getPath()
                        + " (try /, /status or /metrics)\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, "text/plain", "only GET and HEAD\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] bytes;
            try {
                bytes = body.get();
            } catch (RuntimeException e) {
                LOG.warn("cannot answer {}: {}", path, e.toString());
                send(ex, 500, "text/plain", ("cannot answer " + path + ": " + e + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                ex.getResponseHeaders().set("Content-Type", type);
                ex.sendResponseHeaders(200, -1);
                return;
            }
            send(ex, 200, type, bytes);
        }
    }

    /** {@code 200 ok} while no stage has FAILED, else {@code 503} with one line per failed stage. */
    private static void health(HttpExchange ex, Supplier<Status> status) throws IOException {
        try (ex) {
            if (!ex.getRequestURI().getPath().equals("/health")) {
                send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            java.util.List<String> failures;
            try {
                failures = status.get().failures();
            } catch (RuntimeException e) {
                send(ex, 503, "text/plain", ("cannot tell: " + e + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            byte[] body = (failures.isEmpty() ? "ok\n" : "FAILED\n" + String.join("\n", failures) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            send(ex, failures.isEmpty() ? 200 : 503, "text/plain; charset=utf-8", body);
        }
    }

    private static void send(HttpExchange ex, int code, String type, byte[] bytes) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] json(Object document) {
        try {
            return JSON.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] dashboard() {
        try (InputStream in = OpsServer.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
