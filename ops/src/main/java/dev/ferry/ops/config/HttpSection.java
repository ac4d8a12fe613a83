package dev.ferry.ops.config;

/**
 * The optional {@code http:} section: where the running pipeline serves {@code /metrics},
 * {@code /status} and the dashboard.
 *
 * @param port TCP port, 0..65535; 0 picks a free port (printed at start)
 */
public record HttpSection(int port) {

    public static final int DEFAULT_PORT = 8080;

    public static final HttpSection DEFAULT = new HttpSection(DEFAULT_PORT);

    public HttpSection {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
    }
}
