package dev.ferry.ops.pipeline;

import dev.ferry.capture.CaptureConfig;
import dev.ferry.capture.SourceType;
import dev.ferry.ops.config.MappingSection;
import dev.ferry.sink.DdlMode;
import dev.ferry.sink.SinkConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user types of PostgreSQL source columns in each PostgreSQL target that may create tables
 * ({@code ddl: create} or {@code evolve}): {@code ferry check} and {@code ferry run} refuse a target
 * lacking one Ferry cannot create (an extension's type), and a starting pipeline creates the others
 * there before its sinks create tables. A source or target that does not answer is left to the
 * stages (an outage, not a refusal).
 */
public final class TargetTypes {

    private static final Logger LOG = LoggerFactory.getLogger(TargetTypes.class);

    private final StageConfigs configs;

    public TargetTypes(StageConfigs configs) {
        this.configs = configs;
    }

    /** One line per user type a target lacks and Ferry cannot create there. */
    public List<String> problems(SinkConfig target) {
        List<String> problems = new ArrayList<>();
        each(target, (source, t, types) -> problems.addAll(PostgresUserTypes.problems(t, target.target(), types)));
        return problems;
    }

    /** Creates in every PostgreSQL target the user types it lacks and Ferry can create; logs each. */
    public void createMissing() {
        for (SinkConfig target : configs.sinks()) {
            each(target, (source, t, types) -> {
                List<String> created = PostgresUserTypes.createMissing(t, types);
                if (!created.isEmpty()) {
                    LOG.info("target {}: created the types {} used by columns of source {}", target.target(), created,
                            source.source());
                }
            });
        }
    }

    private interface Work {
        void run(CaptureConfig source, Connection target, List<PostgresUserTypes.UserType> types) throws SQLException;
    }

    private void each(SinkConfig target, Work work) {
        if (!target.jdbcUrl().startsWith("jdbc:postgresql:") || target.ddl() == DdlMode.NONE) {
            return;
        }
        for (CaptureConfig source : configs.captures()) {
            if (source.type() != SourceType.POSTGRES) {
                continue;
            }
            List<String> tables = configs.ferryConfig().effectiveMappings().stream()
                    .filter(m -> m.source().equals(source.source()) && m.target().equals(target.target()))
                    .map(MappingSection::sourceTable).map(Object::toString).distinct().toList();
            if (tables.isEmpty()) {
                continue;
            }
            try (Connection s = DriverManager.getConnection(source.jdbcUrl(), source.user(), source.password());
                 Connection t = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
                work.run(source, t, PostgresUserTypes.used(s, tables));
            } catch (SQLException e) {
                LOG.warn("target {}: user types of source {} not checked: {}", target.target(), source.source(),
                        e.getMessage());
            }
        }
    }
}
