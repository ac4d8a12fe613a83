package dev.ferry.sink;

import dev.ferry.schemas.Failures;
import dev.ferry.sink.dialect.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the sink needs of a target before it runs: a connection, the target schema (the database,
 * for MariaDB and MySQL), and, when it may create or alter tables, the right to do so where the
 * database can say so exactly (PostgreSQL).
 */
public final class TargetCheck {

    private TargetCheck() {
    }

    /** @return one line per problem, empty when the sink can write there */
    public static List<String> problems(SinkConfig config) {
        Dialect dialect = Dialect.forUrl(config.jdbcUrl());
        List<String> problems = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            if (!schemaExists(c, config.schema())) {
                problems.add("schema " + config.schema() + " does not exist (or the user may not see it)");
                return problems;
            }
            Optional<String> privilege = dialect.createPrivilegeQuery();
            if (config.ddl() != DdlMode.NONE && privilege.isPresent() && !ask(c, privilege.get(), config.schema())) {
                problems.add("user " + config.user() + " may not create tables in schema " + config.schema()
                        + " (ddl: " + config.ddl().name().toLowerCase(java.util.Locale.ROOT) + "): grant CREATE on it,"
                        + " or create the tables yourself and set ddl: none");
            }
        } catch (SQLException e) {
            problems.add("cannot connect as " + config.user() + ": " + Failures.describe(e));
        }
        return problems;
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        return ask(c, "SELECT COUNT(*) > 0 FROM information_schema.schemata WHERE schema_name = ?", schema);
    }

    private static boolean ask(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
