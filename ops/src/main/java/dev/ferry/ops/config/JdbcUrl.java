package dev.ferry.ops.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The parts of a single-host JDBC URL that Ferry needs (e.g. to configure change capture):
 * {@code jdbc:postgresql://host[:port]/database[?options]}, {@code jdbc:mariadb://...},
 * {@code jdbc:mysql://...}.
 *
 * @param type     the engine named by the URL's prefix
 * @param host     host name or IP address (IPv6 without brackets)
 * @param port     the URL's port, or the type's {@linkplain DbType#defaultPort() default port}
 * @param database the database named by the URL's path
 */
public record JdbcUrl(DbType type, String host, int port, String database) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.%A-Za-z]+");

    public JdbcUrl {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
    }

    /**
     * Parses {@code url} as a URL of {@code type}. Requires the type's prefix, {@code //}, exactly
     * one host, an optional numeric port 1..65535, and a non-empty database; options after
     * {@code ?} are allowed and ignored.
     *
     * @throws IllegalArgumentException with a problem message that never repeats the URL (it may
     *                                  hold credentials), e.g. {@code must start with jdbc:postgresql:}
     */
    public static JdbcUrl parse(DbType type, String url) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        if (!url.startsWith(type.jdbcPrefix())) {
            throw new IllegalArgumentException("must start with " + type.jdbcPrefix());
        }
        String rest = url.substring(type.jdbcPrefix().length());
        if (!rest.startsWith("//")) {
            throw malformed(type, "missing //");
        }
        rest = rest.substring(2);
        int query = indexOfAny(rest, "?;");
        String beforeQuery = query < 0 ? rest : rest.substring(0, query);
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        String database = slash < 0 ? "" : beforeQuery.substring(slash + 1);
        if (authority.contains("@")) {
            throw malformed(type, "credentials in the URL are not supported, use user and password");
        }
        if (authority.contains(",")) {
            throw malformed(type, "only one host is supported");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw malformed(type, "unclosed IPv6 address");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw malformed(type, "invalid host");
            }
            portText = after.isEmpty() ? null : after.substring(1);
            if (!IPV6.matcher(host).matches()) {
                throw malformed(type, "invalid host");
            }
        } else {
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
            if (host.isEmpty()) {
                throw malformed(type, "missing host");
            }
            if (!HOST.matcher(host).matches()) {
                throw malformed(type, "invalid host");
            }
        }
        int port = portText == null ? type.defaultPort() : parsePort(type, portText);
        if (database.isEmpty()) {
            throw malformed(type, "missing database");
        }
        if (database.contains("/")) {
            throw malformed(type, "invalid database");
        }
        return new JdbcUrl(type, host, port, database);
    }

    private static int parsePort(DbType type, String text) {
        if (!text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        }
        throw malformed(type, "port must be a number between 1 and 65535");
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException malformed(DbType type, String reason) {
        return new IllegalArgumentException(
                "must look like " + type.jdbcPrefix() + "//host[:port]/database (" + reason + ")");
    }
}
