package dev.ferry.capture;

import java.net.URI;

/**
 * Host, port and database named by a JDBC URL such as {@code jdbc:postgresql://host:5432/db?x=y}.
 */
record JdbcLocation(String host, int port, String database) {

    static JdbcLocation parse(String jdbcUrl, int defaultPort) {
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL: " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || path.isEmpty()) {
            throw new IllegalArgumentException("JDBC URL needs a host and a database: " + jdbcUrl);
        }
        return new JdbcLocation(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort(), path);
    }
}
