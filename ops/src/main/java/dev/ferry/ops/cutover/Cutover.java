package dev.ferry.ops.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.capture.CaptureConfig;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.config.SourceSection;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.schema.SchemaObjects;
import dev.ferry.schemas.retry.RetryPolicy;
import dev.ferry.schemas.retry.Waiter;
import dev.ferry.ops.verify.TableReport;
import dev.ferry.ops.verify.Verifier;
import dev.ferry.ops.verify.VerifyReport;
import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.sink.SinkConfig;
import dev.ferry.sink.TableRoute;
import dev.ferry.transform.TableMapping;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cutover state machine of DESIGN.md, run against a pipeline that runs elsewhere (it only
 * reads the sources, Kafka and the targets; it never stops anything but with {@link #finish}):
 * SNAPSHOTTING (every table's snapshot finished?) → optional freeze of the sources → DRAINING (the
 * source's position X read; capture confirmed past X; transform and every sink without lag) →
 * dead letters checked → VERIFYING (verify every table) → SEQUENCES (each target sequence set past its
 * source, {@link SequenceSync}) → SCHEMA OBJECTS ({@link SchemaObjects}) → READY, or NOT READY with what is missing.
 */
public final class Cutover {

    /** Every wait of cutover polls once a second. */
    private static final Waiter POLL = Waiter.polling(RetryPolicy.fixed(Duration.ofSeconds(1)));

    /**
     * @param freezeSource make the sources read-only for application writes first
     * @param timeout longest wait for the snapshot and the drain
     * @param acceptDeadLetters report pending dead letters but do not let them block READY
     * @param settle how long verify lets a difference settle
     */
    public record Options(boolean freezeSource, Duration timeout, boolean acceptDeadLetters, Duration settle) {
    }

    private final StageConfigs configs;
    private final Options options;
    private final PrintStream out;

    public Cutover(StageConfigs configs, Options options, PrintStream out) {
        this.configs = configs;
        this.options = options;
        this.out = out;
    }

    /** Runs the state machine once; the report says READY or what is missing. */
    public CutoverReport run() throws Exception {
        Instant started = Instant.now();
        Waiter.Deadline deadline = POLL.deadline(options.timeout());
        List<String> missing = new ArrayList<>();
        Map<String, Long> positions = new LinkedHashMap<>();
        KafkaSettings kafka = configs.kafka();
        try (KafkaView view = new KafkaView(kafka)) {
            out.println("cutover: SNAPSHOTTING - checking that every table finished its snapshot");
            for (CaptureConfig capture : configs.captures()) {
                String topic = kafka.topics().captureOffsets(capture.source());
                String engine = kafka.topics().captureEngineName(capture.source());
                boolean done = deadline.await(() -> CaptureOffsets.last(kafka, topic, engine)
                        .map(CaptureOffsets::snapshotDone).orElse(false));
                if (!done) {
                    missing.add("source " + capture.source() + ": the snapshot has not finished (last offset "
                            + CaptureOffsets.last(kafka, topic, engine).map(JsonNode::toString).orElse("none") + ")");
                }
            }
            if (!missing.isEmpty()) {
                return report("NOT_READY", missing, positions, List.of(), 0, started, 0, 0);
            }
            if (options.freezeSource()) {
                for (SourceSection source : sources()) {
                    try (Connection c = connect(source)) {
                        SourceControl.of(source.type()).freeze(c);
                    }
                    out.println("cutover: source " + source.name() + " is now read-only for application writes");
                }
            }
            out.println("cutover: DRAINING - reading each source's position and waiting for every stage to pass it");
            long drainStart = System.nanoTime();
            for (CaptureConfig capture : configs.captures()) {
                SourceSection source = configs.ferryConfig().source(capture.source()).orElseThrow();
                SourceControl control = SourceControl.of(source.type());
                try (Connection c = connect(source)) {
                    long x = control.currentPosition(c);
                    positions.put(source.name(), x);
                    control.nudge(c);
                    boolean passed = deadline.await(() -> {
                        control.nudge(c);
                        return control.confirmedPosition(c, capture) >= x;
                    });
                    if (!passed) {
                        missing.add("source " + source.name() + ": capture has not confirmed position " + x
                                + " (confirmed " + control.confirmedPosition(c, capture) + ")");
                    }
                }
            }
            List<String> rawTopics = configs.tableMappings().stream().map(TableMapping::rawTopic).distinct().toList();
            String transformGroup = kafka.topics().transformApplicationId();
            if (missing.isEmpty() && !deadline.await(() -> view.lag(transformGroup, rawTopics) == 0)) {
                missing.add("transform (" + transformGroup + ") still has " + view.lag(transformGroup, rawTopics)
                        + " records to map");
            }
            for (SinkConfig sink : configs.sinks()) {
                String group = kafka.topics().sinkGroup(sink.target());
                List<String> topics = sink.routes().stream().map(TableRoute::topic).toList();
                if (missing.isEmpty() && !deadline.await(() -> view.lag(group, topics) == 0)) {
                    missing.add("sink of target " + sink.target() + " still has " + view.lag(group, topics)
                            + " records to apply");
                }
            }
            long drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
            long deadLetters = pendingDeadLetters();
            if (deadLetters > 0 && !options.acceptDeadLetters()) {
                missing.add(deadLetters + " dead letters pending (inspect with ferry dlq list; re-drive or discard them"
                        + " (ferry dlq discard --reason), or run cutover with --accept-dead-letters)");
            }
            if (!missing.isEmpty()) {
                return report("NOT_READY", missing, positions, List.of(), deadLetters, started, drainMillis, 0);
            }
            out.println("cutover: VERIFYING - comparing every table with its source");
            long verifyStart = System.nanoTime();
            VerifyReport verify = new Verifier(configs, options.settle()).verify(List.of(),
                    t -> out.println("cutover: verified " + t.table() + ": " + t.outcome()));
            long verifyMillis = (System.nanoTime() - verifyStart) / 1_000_000;
            for (TableReport t : verify.tables()) {
                if (t.cannotVerify() != null) {
                    missing.add("table " + t.table() + " cannot be verified: " + t.cannotVerify());
                } else if (!t.identical()) {
                    missing.add("table " + t.table() + " differs: " + t.missing() + " missing, " + t.extra() + " extra, "
                            + t.changed() + " changed, " + t.moving() + " still moving; first: " + t.differences());
                }
            }
            List<String> sequences = missing.isEmpty() ? syncSequences(missing) : List.of();
            List<String> objects = missing.isEmpty() ? createSchemaObjects(missing) : List.of();
            return report(missing.isEmpty() ? "READY" : "NOT_READY", missing, positions, verify.tables(), deadLetters,
                    started, drainMillis, verifyMillis, sequences, objects);
        }
    }

    /** Dead letters neither re-driven nor discarded (read from the topics, so exact). */
    private long pendingDeadLetters() {
        java.util.Set<String> settled = dev.ferry.ops.dlq.DeadLetterStates.settled(configs.kafka()).keySet();
        long[] pending = {0};
        new dev.ferry.ops.dlq.DeadLetters(configs).each(dev.ferry.ops.dlq.DeadLetterFilter.ALL, d -> {
            if (!settled.contains(d.id())) {
                pending[0]++;
            }
        });
        return pending[0];
    }

    /**
     * After the application was switched: keeps watching until nothing has reached the raw topics
     * for {@code quiet} and every stage has applied everything, then asks the running pipeline to
     * stop cleanly and waits until its stages have left their groups.
     */
    public CutoverReport finish(Duration quiet) throws Exception {
        Instant started = Instant.now();
        KafkaSettings kafka = configs.kafka();
        List<String> rawTopics = configs.tableMappings().stream().map(TableMapping::rawTopic).distinct().toList();
        String transformGroup = kafka.topics().transformApplicationId();
        List<String> missing = new ArrayList<>();
        try (KafkaView view = new KafkaView(kafka)) {
            if (configs.sinks().stream().noneMatch(s -> view.hasMembers(kafka.topics().sinkGroup(s.target())))) {
                missing.add("no running pipeline: start ferry run (it applies what still reaches the source) and run"
                        + " cutover --finish again");
                return report("NOT_READY", missing, Map.of(), List.of(), 0, started, 0, 0);
            }
            out.println("cutover --finish: applying what still reaches the source until it has been quiet for "
                    + quiet.toSeconds() + " s");
            Waiter.Deadline deadline = POLL.deadline(options.timeout());
            long lastEnd = view.endOffsets(rawTopics);
            Instant quietSince = Instant.now();
            while (true) {
                long end = view.endOffsets(rawTopics);
                boolean drained = view.lag(transformGroup, rawTopics) == 0 && configs.sinks().stream().allMatch(s ->
                        view.lag(kafka.topics().sinkGroup(s.target()), s.routes().stream().map(TableRoute::topic).toList()) == 0);
                if (end != lastEnd || !drained) {
                    lastEnd = end;
                    quietSince = Instant.now();
                } else if (Duration.between(quietSince, Instant.now()).compareTo(quiet) >= 0) {
                    break;
                }
                if (deadline.passed()) {
                    missing.add("the source did not stay quiet for " + quiet.toSeconds() + " s within " + options.timeout());
                    return report("NOT_READY", missing, Map.of(), List.of(), 0, started, 0, 0);
                }
                deadline.pause();
            }
            long drainMillis = Duration.between(started, Instant.now()).toMillis();
            // The application may have written to the old source since cutover: set the sequences again.
            List<String> sequences = syncSequences(missing);
            out.println("cutover --finish: quiet and drained; stopping the pipeline");
            ControlChannel.requestStop(kafka);
            boolean gone = POLL.deadline(Duration.ofSeconds(120)).await(() -> configs.sinks().stream()
                    .noneMatch(s -> view.hasMembers(kafka.topics().sinkGroup(s.target())))
                    && !view.hasMembers(transformGroup));
            if (!gone) {
                missing.add("the pipeline did not stop within 120 s of the stop request");
                return report("NOT_READY", missing, Map.of(), List.of(), 0, started, drainMillis, 0);
            }
            return report(missing.isEmpty() ? "DONE" : "NOT_READY", missing, Map.of(), List.of(),
                    view.records(deadLetterTopics()), started, drainMillis, 0, sequences);
        }
    }

    /** Allows application writes on every source again (undoes --freeze-source). */
    public void unfreeze() throws SQLException {
        for (SourceSection source : sources()) {
            try (Connection c = connect(source)) {
                SourceControl.of(source.type()).unfreeze(c);
            }
            out.println("cutover: source " + source.name() + " accepts application writes again");
        }
    }

    private List<String> deadLetterTopics() {
        List<String> topics = new ArrayList<>();
        topics.add(configs.kafka().topics().transformDeadLetters());
        configs.sinks().forEach(s -> topics.add(configs.kafka().topics().sinkDeadLetters(s.target())));
        return topics;
    }

    private List<SourceSection> sources() {
        FerryConfig config = configs.ferryConfig();
        return config.sources();
    }

    private CutoverReport report(String state, List<String> missing, Map<String, Long> positions, List<TableReport> tables,
                                 long deadLetters, Instant started, long drainMillis, long verifyMillis) {
        return report(state, missing, positions, tables, deadLetters, started, drainMillis, verifyMillis, List.of());
    }

    private CutoverReport report(String state, List<String> missing, Map<String, Long> positions, List<TableReport> tables,
                                 long deadLetters, Instant started, long drainMillis, long verifyMillis,
                                 List<String> sequences) {
        return report(state, missing, positions, tables, deadLetters, started, drainMillis, verifyMillis, sequences,
                List.of());
    }

    private CutoverReport report(String state, List<String> missing, Map<String, Long> positions, List<TableReport> tables,
                                 long deadLetters, Instant started, long drainMillis, long verifyMillis,
                                 List<String> sequences, List<String> schemaObjects) {
        return new CutoverReport(state, List.copyOf(missing), Map.copyOf(positions), tables, deadLetters,
                options.acceptDeadLetters(), options.freezeSource(), started, Instant.now(), drainMillis, verifyMillis,
                List.copyOf(sequences), List.copyOf(schemaObjects));
    }

    /** SEQUENCES: sets every target sequence past its source; what cannot be done goes to {@code missing}. */
    private List<String> syncSequences(List<String> missing) throws SQLException {
        out.println("cutover: SEQUENCES - setting each target sequence past its source");
        SequenceSync.Result result = new SequenceSync(configs).sync();
        List<String> done = new ArrayList<>();
        for (SequenceSync.Action a : result.actions()) {
            done.add(a.column() + ": " + a.done());
            out.println("cutover: " + a.column() + ": " + a.done());
        }
        missing.addAll(result.problems());
        return done;
    }

    /**
     * SCHEMA OBJECTS: gives each target table the source's indexes, constraints, defaults and comments
     * it lacks ({@link SchemaObjects}), now that the target was proved equal to the source; what
     * could not be created (a foreign key that does not validate) goes to {@code missing}.
     */
    private List<String> createSchemaObjects(List<String> missing) throws SQLException {
        out.println("cutover: SCHEMA OBJECTS - giving each target table the source's constraints, indexes, defaults and comments");
        List<String> lines = new ArrayList<>();
        for (SchemaObjects.Finding f : new SchemaObjects(configs).create()) {
            lines.add(f.line());
            out.println("cutover: " + f.line());
            if (f.blocking()) {
                missing.add("schema object of " + f.line());
            }
        }
        return lines;
    }

    private static Connection connect(SourceSection source) throws SQLException {
        return DriverManager.getConnection(source.url(), source.user(), source.password().reveal());
    }
}
