package dev.ferry.ops.cutover;

import dev.ferry.capture.CaptureConfig;
import dev.ferry.ops.config.SourceSection;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.TopicNames;
import dev.ferry.schemas.retry.RetryPolicy;
import dev.ferry.schemas.retry.Waiter;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;

/**
 * The last step of a migration: each source gives back what capture kept there (PostgreSQL's
 * replication slot, which holds WAL on the old database until it is dropped, its publication, the
 * signalling table), and the capture state of the source in Kafka is deleted (offsets, schema
 * history, signals, the captured-table record), so that a later run of the same config snapshots
 * the source anew instead of resuming from a position the source no longer keeps. The raw and
 * mapped topics stay: replay still works. A source whose capture still runs is left alone.
 */
public final class SourceRelease {

    private static final int GRACE_SECONDS = 10;
    /** Asks once a second during the grace period. */
    private static final Waiter GRACE = Waiter.polling(RetryPolicy.fixed(Duration.ofSeconds(1)));

    private final StageConfigs configs;
    private final PrintStream out;

    public SourceRelease(StageConfigs configs, PrintStream out) {
        this.configs = configs;
        this.out = out;
    }

    /** Releases every source that is not captured any more; returns false if any was left alone. */
    public boolean run() throws Exception {
        boolean all = true;
        for (CaptureConfig capture : configs.captures()) {
            SourceSection source = configs.ferryConfig().source(capture.source()).orElseThrow();
            SourceControl control = SourceControl.of(source.type());
            try (Connection c = capture.connect()) {
                Optional<String> running = stillRunning(control, c, capture);
                if (running.isPresent()) {
                    out.println("release: source " + source.name() + " left alone: " + running.get()
                            + "; stop the pipeline (ferry cutover --finish) first");
                    all = false;
                    continue;
                }
                List<String> dropped = new ArrayList<>(control.release(c, capture));
                deleteCaptureState(source.name()).forEach(t -> dropped.add("topic " + t));
                out.println("release: source " + source.name() + (dropped.isEmpty() ? ": nothing left to drop"
                        : ": dropped " + String.join(", ", dropped)));
            }
        }
        if (all) {
            out.println("release: done; a later `ferry run` of this config would snapshot its sources again");
        }
        return all;
    }

    /**
     * Whether capture still reads the source, asked for up to {@value #GRACE_SECONDS} s: the
     * replication connection of a pipeline that just stopped may take a moment to go. Each round
     * nudges the log first: a MariaDB/MySQL binlog dump thread whose reader has gone notices only
     * when it has an event to send, so on a quiet server it would otherwise linger for ever.
     */
    private static Optional<String> stillRunning(SourceControl control, Connection c, CaptureConfig capture)
            throws Exception {
        AtomicReference<Optional<String>> running = new AtomicReference<>();
        GRACE.until(Duration.ofSeconds(GRACE_SECONDS), () -> {
            running.set(control.captureRunning(c, capture));
            if (running.get().isEmpty()) {
                return true;
            }
            try {
                control.nudge(c);
            } catch (java.sql.SQLException e) {
                // Without the right to nudge (RELOAD), the grace period alone has to do.
            }
            return false;
        });
        return running.get();
    }

    private List<String> deleteCaptureState(String source) throws Exception {
        TopicNames names = configs.kafka().topics();
        List<String> state = List.of(names.captureOffsets(source), names.schemaHistory(source), names.signals(source),
                names.capturedTables(source));
        try (Admin admin = Admin.create(configs.kafka().clientConfig())) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> delete = state.stream().filter(existing::contains).toList();
            if (!delete.isEmpty()) {
                admin.deleteTopics(delete).all().get(60, TimeUnit.SECONDS);
            }
            return delete;
        }
    }
}
