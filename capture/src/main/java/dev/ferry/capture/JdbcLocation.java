package dev.ferry.capture;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Host, port, database and driver parameters named by a JDBC URL such as
 * {@code jdbc:postgresql://host:5432/db?sslmode=verify-full&sslrootcert=/etc/ca.pem}.
 *
 * @param parameters the URL's query parameters, decoded, in URL order (empty if none)
 */
record JdbcLocation(String host, int port, String database, Map<String, String> parameters) {

    static JdbcLocation parse(String jdbcUrl, int defaultPort) {
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("not a JDBC URL: " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (uri.getHost() == null || path.isEmpty()) {
            throw new IllegalArgumentException("JDBC URL needs a host and a database: " + jdbcUrl);
        }
        return new JdbcLocation(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort(), path,
                parameters(uri.getRawQuery()));
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            if (!name.isEmpty()) {
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
