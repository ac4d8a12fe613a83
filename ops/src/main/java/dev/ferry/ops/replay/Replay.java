package dev.ferry.ops.replay;

import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.status.KafkaInspector;
import dev.ferry.schemas.TopicNames;
import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.registry.PatientSchemaRegistry;
import dev.ferry.schemas.registry.RestSchemaRegistry;
import dev.ferry.sink.SinkConfig;
import dev.ferry.sink.SinkStage;
import dev.ferry.sink.TableRoute;
import dev.ferry.transform.TableMapping;
import dev.ferry.transform.TransformStage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Re-runs one stage of a migration from what Kafka holds: a sink from the mapped topics (into its
 * own target or another one), or the transform from the raw topics. Each replay checks that the
 * consumer group it rewinds has no active member, rewinds it, runs the stage in this process until
 * it has read everything, and stops it.
 */
public final class Replay {

    private final StageConfigs configs;
    private final PrintStream out;
    private final CatchUp catchUp;
    private final Duration timeout;

    public Replay(StageConfigs configs, PrintStream out, boolean terminal, Duration timeout) {
        this.configs = configs;
        this.out = out;
        this.catchUp = new CatchUp(out, terminal);
        this.timeout = timeout;
    }

    /**
     * The sink that replays {@code from}'s mapped topics into {@code into}: {@code into}'s own sink
     * settings (conflict mode, foreign-key patience, batch log, limits, ...), reading {@code from}'s topics.
     */
    static SinkConfig sinkConfig(StageConfigs configs, String from, String into) {
        List<TableRoute> routes = configs.tableMappings().stream().filter(m -> m.target().equals(from))
                .map(m -> new TableRoute(m.mappedTopic(), m.targetTable())).distinct().toList();
        SinkConfig base = configs.sinks().stream().filter(s -> s.target().equals(into)).findFirst().orElseThrow();
        return base.withRoutes(routes);
    }

    /**
     * Applies the mapped topics of target {@code from} again, into target {@code into} (the same
     * or another), from {@code start}.
     */
    public Outcome sink(String from, String into, GroupReset.From start) throws Exception {
        TopicNames names = configs.kafka().topics();
        List<TableMapping> mappings = configs.tableMappings().stream().filter(m -> m.target().equals(from)).toList();
        List<String> topics = mappings.stream().map(TableMapping::mappedTopic).distinct().toList();
        SinkConfig config = sinkConfig(configs, from, into);
        String group = names.sinkGroup(into);
        try (KafkaInspector kafka = new KafkaInspector(configs)) {
            GroupReset reset = new GroupReset(kafka);
            List<String> members = reset.activeMembers(group);
            if (!members.isEmpty()) {
                return Outcome.refused("the sink of target " + into + " is running (consumer group " + group + " has "
                        + members.size() + " active member(s): " + String.join(", ", members) + "). Stop the "
                        + "`ferry run` of this pipeline (or its `--stage sink` processes), then replay again.");
            }
            long records = reset.rewind(group, topics, start);
            out.printf("replay: rewound consumer group %s to %s on %s: %,d offsets to read again into target %s%n",
                    group, start, topics, records, into);
            SinkStage stage = new SinkStage(config, codec());
            boolean caughtUp;
            stage.start();
            try {
                caughtUp = catchUp.await("replay into " + into, () -> kafka.lag(group, topics),
                        () -> String.format("%,d rows applied", stage.progress().appliedRows()), timeout);
            } finally {
                stage.close();
            }
            long dead = stage.progress().deadLettered().values().stream().mapToLong(Long::longValue).sum();
            String summary = String.format("replay: %s %,d rows applied into target %s from the mapped topics of %s"
                    + "%s", caughtUp ? "done," : "timed out after " + timeout.toSeconds() + " s;", stage.progress().appliedRows(),
                    into, from, dead == 0 ? "" : String.format(", %,d dead-lettered (ferry dlq list)", dead));
            return new Outcome(null, caughtUp, summary);
        }
    }

    /**
     * Maps the raw topics again from {@code start}, as the Kafka Streams reset tool would: the
     * application's offsets rewound, its internal topics and local state deleted.
     */
    public Outcome transform(GroupReset.From start) throws Exception {
        String application = configs.kafka().topics().transformApplicationId();
        List<String> topics = configs.tableMappings().stream().map(TableMapping::rawTopic).distinct().toList();
        try (KafkaInspector kafka = new KafkaInspector(configs)) {
            GroupReset reset = new GroupReset(kafka);
            List<String> members = reset.activeMembers(application);
            if (!members.isEmpty()) {
                return Outcome.refused("the transform is running (Kafka Streams application " + application + " has "
                        + members.size() + " active member(s): " + String.join(", ", members) + "). Stop the "
                        + "`ferry run` of this pipeline (or its `--stage transform` processes), then replay again "
                        + "(a process killed without a clean stop stays listed until its session times out, 45 s by default).");
            }
            List<String> internal = reset.deleteInternalTopics(application);
            long records = reset.rewind(application, topics, start);
            deleteLocalState(configs.transform().stateDir().resolve(application));
            out.printf("replay: rewound application %s to %s on %s (%,d offsets to read again)%s%n", application, start,
                    topics, records, internal.isEmpty() ? "" : "; deleted internal topics " + internal);
            PatientSchemaRegistry registry = new PatientSchemaRegistry(new RestSchemaRegistry(configs.kafka().schemaRegistry()));
            TransformStage stage = new TransformStage(configs.transform(), new AvroCodec(registry));
            boolean caughtUp;
            stage.start();
            try {
                caughtUp = catchUp.await("replay --transform", () -> kafka.lag(application, topics),
                        stage::state, timeout);
            } finally {
                registry.close();
                stage.close();
            }
            String summary = String.format("replay --transform: %s %,d raw records mapped again. The sinks apply "
                    + "them when they run; a target table whose shape changed must be dropped first (ddl: create "
                    + "makes it anew) or altered.", caughtUp ? "done," : "timed out after " + timeout.toSeconds()
                    + " s;", records);
            return new Outcome(null, caughtUp, summary);
        }
    }

    private AvroCodec codec() {
        return new AvroCodec(new RestSchemaRegistry(configs.kafka().schemaRegistry()));
    }

    private static void deleteLocalState(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the transform's local state " + dir, e);
        }
    }

    /**
     * @param refused why nothing was done (what to stop), or null
     * @param caughtUp whether the stage read everything within the timeout
     * @param summary one line for the operator
     */
    public record Outcome(String refused, boolean caughtUp, String summary) {

        static Outcome refused(String why) {
            return new Outcome(why, false, null);
        }
    }
}
