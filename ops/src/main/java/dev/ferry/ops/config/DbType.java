package dev.ferry.ops.config;

/**
 * The database engines Ferry reads from and writes to. Written in lower case in YAML
 * ({@code postgres}, {@code mariadb}, {@code mysql}).
 */
public enum DbType {
    POSTGRES("jdbc:postgresql:", 5432),
    MARIADB("jdbc:mariadb:", 3306),
    MYSQL("jdbc:mysql:", 3306);

    private final String jdbcPrefix;
    private final int defaultPort;

    DbType(String jdbcPrefix, int defaultPort) {
        this.jdbcPrefix = jdbcPrefix;
        this.defaultPort = defaultPort;
    }

    /** The prefix every JDBC URL of this type starts with, e.g. {@code jdbc:postgresql:}. */
    public String jdbcPrefix() {
        return jdbcPrefix;
    }

    /** The port used when a JDBC URL names none. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The YAML spelling: {@code postgres}, {@code mariadb}, {@code mysql}. */
    public String yamlName() {
        return ConfigNode.yamlName(this);
    }
}
