package dev.ferry.ops.check;

import dev.ferry.capture.CaptureConfig;
import dev.ferry.capture.SourceCheck;
import dev.ferry.ops.config.Masking;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.pipeline.TargetTypes;
import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.registry.RestSchemaRegistry;
import dev.ferry.schemas.registry.SchemaRegistryException;
import dev.ferry.schemas.registry.SchemaRegistryUnavailableException;
import dev.ferry.sink.SinkConfig;
import dev.ferry.sink.TargetCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks, before a pipeline runs, that everything it will talk to answers and is set up for it:
 * Kafka, the schema registry (its API answers at the configured URL), each source (connection,
 * server settings, every table present with a primary key), the columns each mapping names, and
 * each target (connection, schema, the right to create tables, the source's user types it lacks and
 * Ferry cannot create, see {@link TargetTypes}). Changes nothing. {@code ferry check}
 * runs all of it; {@code ferry run} runs the parts of the stages it starts and refuses to start
 * over a problem that can never go away by waiting.
 */
public final class Preflight {

    /**
     * The kind of an outcome's problems, which decides what {@code ferry run} does with them.
     * {@link #CONFIG}: the file says something the world contradicts (a column the table lacks, a
     * URL where no registry API answers): exit 2. {@link #ENVIRONMENT}: a part answers and is not set
     * up for Ferry ({@code wal_level}, a missing table or right): exit 1. {@link #UNREACHABLE}: a
     * part does not answer, or refuses the connection; the stages wait it out (an outage), so
     * {@code run} warns and starts.
     */
    public enum Kind { CONFIG, ENVIRONMENT, UNREACHABLE }

    /**
     * One part checked: {@code subject} is {@code kafka}, {@code registry}, {@code source NAME},
     * {@code mappings NAME} (the mappings reading source NAME) or {@code target NAME}.
     *
     * @param kind what its problems are; meaningless when there are none
     */
    public record Outcome(String subject, String address, Kind kind, List<String> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Which parts a process needs.
     *
     * @param sources the sources captured here (their server and tables are checked)
     * @param mappings whether the transform runs here (the columns its mappings name are checked)
     * @param targets whether the sinks run here
     */
    public record Scope(Set<String> sources, boolean mappings, boolean targets) {
    }

    /** Prefix of the one problem {@link SourceCheck} and {@link TargetCheck} report when they cannot connect. */
    private static final String CANNOT_CONNECT = "cannot connect as ";

    private final StageConfigs configs;

    public Preflight(StageConfigs configs) {
        this.configs = configs;
    }

    /** Runs every check, reporting each outcome as it is known; returns them all. */
    public List<Outcome> run(Consumer<Outcome> each) {
        Set<String> all = new java.util.LinkedHashSet<>();
        configs.captures().forEach(c -> all.add(c.source()));
        return run(new Scope(all, true, true), each);
    }

    /** Runs the checks of {@code scope} (Kafka and the registry always), reporting each outcome as it is known. */
    public List<Outcome> run(Scope scope, Consumer<Outcome> each) {
        List<Outcome> outcomes = new ArrayList<>();
        Consumer<Outcome> record = o -> {
            outcomes.add(o);
            each.accept(o);
        };
        record.accept(kafka());
        record.accept(registry());
        for (CaptureConfig source : configs.captures()) {
            boolean captured = scope.sources().contains(source.source());
            Outcome outcome = null;
            if (captured) {
                outcome = connected("source " + source.source(), Masking.maskUrl(source.jdbcUrl()), SourceCheck.all(source));
                record.accept(outcome);
            }
            if (scope.mappings() && (outcome == null || outcome.kind() != Kind.UNREACHABLE)) {
                MappingCheck.problems(configs.ferryConfig(), source).ifPresent(p -> record.accept(
                        new Outcome("mappings " + source.source(), Masking.maskUrl(source.jdbcUrl()),
                                p.reachable() ? Kind.CONFIG : Kind.UNREACHABLE, p.problems())));
            }
        }
        if (scope.targets()) {
            TargetTypes types = new TargetTypes(configs);
            for (SinkConfig target : configs.sinks()) {
                List<String> problems = new ArrayList<>(TargetCheck.problems(target));
                if (problems.isEmpty()) {
                    problems.addAll(types.problems(target));
                }
                record.accept(connected("target " + target.target(), Masking.maskUrl(target.jdbcUrl()), problems));
            }
        }
        return outcomes;
    }

    /**
     * Checks Kafka alone: {@link Kind#UNREACHABLE} when it does not answer or refuses Ferry's
     * credentials or TLS handshake (an outage to wait out), {@link Kind#ENVIRONMENT} for a cluster
     * that answers but cannot hold Ferry's topics.
     */
    public Outcome kafka() {
        KafkaSettings kafka = configs.kafka();
        List<String> problems = KafkaCheck.problems(kafka);
        return new Outcome("kafka", kafka.bootstrapServers(),
                KafkaCheck.answered(problems) ? Kind.ENVIRONMENT : Kind.UNREACHABLE, problems);
    }

    private static Outcome connected(String subject, String address, List<String> problems) {
        boolean unreachable = problems.size() == 1 && problems.get(0).startsWith(CANNOT_CONNECT);
        return new Outcome(subject, address, unreachable ? Kind.UNREACHABLE : Kind.ENVIRONMENT, problems);
    }

    /**
     * Lists the registry's subjects: a server that answers 404 there (a base URL without the API
     * path, such as Apicurio's root without {@code /apis/ccompat/v7}) or anything but a JSON list is
     * a wrong URL in the config; a refusal (credentials) is the environment.
     */
    private Outcome registry() {
        String address = configs.kafka().schemaRegistry().toString();
        try {
            new RestSchemaRegistry(configs.kafka().schemaRegistry()).subjects();
            return new Outcome("registry", address, Kind.ENVIRONMENT, List.of());
        } catch (SchemaRegistryUnavailableException e) {
            return new Outcome("registry", address, Kind.UNREACHABLE, List.of(e.getMessage()));
        } catch (SchemaRegistryException e) {
            boolean refused = e.getMessage().contains("HTTP 401") || e.getMessage().contains("HTTP 403");
            return new Outcome("registry", address, refused ? Kind.ENVIRONMENT : Kind.CONFIG, List.of(e.getMessage()));
        }
    }
}
