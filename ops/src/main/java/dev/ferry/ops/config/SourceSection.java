package dev.ferry.ops.config;

import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code sources:}: a database whose tables Ferry captures.
 *
 * @param name     unique among sources, {@code [a-z][a-z0-9_]*}
 * @param type     the engine
 * @param url      JDBC URL matching {@code type} (see {@link JdbcUrl})
 * @param user     database user
 * @param password database password ({@link Secret#EMPTY} if none)
 * @param tables   captured tables, non-empty, no duplicates, in file order
 * @param snapshot whether existing rows are copied first
 */
public record SourceSection(String name, DbType type, String url, String user, Secret password,
                            List<TableName> tables, SnapshotMode snapshot) {

    /** Null checks only; the loader validates. {@code tables} is copied. */
    public SourceSection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        tables = List.copyOf(tables);
        Objects.requireNonNull(snapshot, "snapshot");
    }

    /**
     * The parsed URL (host, port, database).
     *
     * @throws IllegalArgumentException if the URL does not match the type (never for a loaded config)
     */
    public JdbcUrl jdbcUrl() {
        return JdbcUrl.parse(type, url);
    }

    /** Like the generated {@code toString}, with secret URL options and the password masked. */
    @Override
    public String toString() {
        return "SourceSection[name=" + name + ", type=" + type + ", url=" + Masking.maskUrl(url)
                + ", user=" + user + ", password=" + password + ", tables=" + tables + ", snapshot=" + snapshot + "]";
    }
}
