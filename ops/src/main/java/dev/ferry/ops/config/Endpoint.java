package dev.ferry.ops.config;

import java.util.Optional;

/**
 * The connection fields sources and targets share, read and checked together:
 * {@code type} (required), {@code url} (required, must match the type), {@code user} (required)
 * and {@code password} (optional secret).
 */
record Endpoint(DbType type, String url, JdbcUrl jdbcUrl, String user, Secret password) {

    /**
     * Reads {@code type}, {@code url}, {@code user} and {@code password} from an opened source or
     * target entry; empty after reporting problems.
     */
    static Optional<Endpoint> read(ConfigNode.Fields fields) {
        Optional<DbType> type = fields.get("type").requiredEnum(DbType.class);
        ConfigNode urlNode = fields.get("url");
        Optional<String> url = urlNode.requiredString();
        Optional<JdbcUrl> jdbcUrl = Optional.empty();
        if (type.isPresent() && url.isPresent()) {
            try {
                jdbcUrl = Optional.of(JdbcUrl.parse(type.get(), url.get()));
            } catch (IllegalArgumentException e) {
                urlNode.problem(e.getMessage());
            }
        }
        Optional<String> user = fields.get("user").requiredString();
        Optional<Secret> password = fields.get("password").optionalSecret();
        if (!Optionals.allPresent(type, url, jdbcUrl, user, password)) {
            return Optional.empty();
        }
        return Optional.of(new Endpoint(type.get(), url.get(), jdbcUrl.get(), user.get(), password.get()));
    }

    /** Never reveals secrets: URL options are masked, the password prints as {@code ****}. */
    @Override
    public String toString() {
        return "Endpoint[type=" + type + ", url=" + Masking.maskUrl(url) + ", user=" + user + ", password=" + password + "]";
    }
}
