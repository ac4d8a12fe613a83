package dev.ferry.ops.pipeline;

import dev.ferry.capture.CaptureStage;
import dev.ferry.capture.TableProgress;
import dev.ferry.sink.SinkStage;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the progress of a running pipeline as text: per captured table its phase, snapshot rows
 * against the estimate, changes and the capture rate since the last rendering; per target table the rows applied and the rate since the last
 * rendering; a target that does not answer, with since when.
 */
public final class ProgressView {

    private final Pipeline pipeline;
    private final java.util.function.Supplier<dev.ferry.ops.status.Status> status;
    private final Map<String, Long> lastApplied = new HashMap<>();
    private final Map<String, Long> lastCaptured = new HashMap<>();
    private Instant lastAt;

    /**
     * @param status the pipeline's status as {@code /status} serves it (for each target table's
     *     replication lag, or "idle, last change at ..."), or null to leave that out
     */
    public ProgressView(Pipeline pipeline, java.util.function.Supplier<dev.ferry.ops.status.Status> status) {
        this.pipeline = pipeline;
        this.status = status;
    }

    /** Per target table ({@code <target>.<table>}), its replication lag or idleness in words. */
    private Map<String, String> freshness() {
        Map<String, String> words = new HashMap<>();
        if (status != null) {
            for (var target : status.get().targets()) {
                target.tables().forEach(t -> words.put(target.name() + "." + t.table(), t.freshness()));
            }
        }
        return words;
    }

    /** The current progress, one line per table. */
    public synchronized List<String> lines(Instant now) {
        List<String> lines = new ArrayList<>();
        // Target tables whose source table is still being snapshotted, with the rows it had (estimate).
        Map<String, Long> snapshotting = new HashMap<>();
        double seconds = lastAt == null ? 0 : Math.max(0.001, Duration.between(lastAt, now).toMillis() / 1000.0);
        for (CaptureStage capture : pipeline.captures()) {
            for (TableProgress t : capture.progress().tables()) {
                long captured = t.snapshotRows() + t.changes();
                long before = lastCaptured.getOrDefault(capture.source() + "." + t.table(), 0L);
                lastCaptured.put(capture.source() + "." + t.table(), captured);
                String rate = seconds == 0 ? "" : String.format("  %,.0f rows/s", (captured - before) / seconds);
                if (t.phase() == dev.ferry.capture.Phase.SNAPSHOTTING && t.estimatedRows() > 0) {
                    rate += eta(t.estimatedRows() - t.snapshotRows(), seconds == 0 ? 0 : (captured - before) / seconds);
                    for (var m : pipeline.configs().ferryConfig().effectiveMappings()) {
                        if (m.source().equals(capture.source()) && m.sourceTable().toString().equals(t.table())) {
                            snapshotting.put(m.to(), t.estimatedRows());
                        }
                    }
                }
                lines.add(String.format("capture %-10s %-28s %-12s snapshot %s  changes %,d%s",
                        capture.source(), t.table(), t.phase(), dev.ferry.ops.status.SnapshotShare.of(
                                t.phase() == dev.ferry.capture.Phase.STREAMING, t.snapshotRows(), t.estimatedRows()),
                        t.changes(), rate
                        + (t.incrementalRows() == 0 ? "" : String.format("  re-snapshot %,d", t.incrementalRows()))
                        + (t.tooLarge() == 0 ? "" : String.format("  TOO LARGE (dead-lettered) %,d", t.tooLarge()))));
            }
            boolean streamed = capture.progress().tables().stream().allMatch(t -> t.phase() == dev.ferry.capture.Phase.STREAMING);
            if (streamed && !capture.progress().connected()) {
                lines.add("capture " + capture.source() + " not connected to its source (reconnecting)");
            }
            if (capture.progress().lastError() != null && capture.progress().tables().stream()
                    .anyMatch(t -> t.phase() == dev.ferry.capture.Phase.FAILING)) {
                lines.add("capture " + capture.source() + " failing: " + capture.progress().lastError());
            }
        }
        Map<String, String> freshness = pipeline.sinks().isEmpty() ? Map.of() : freshness();
        for (SinkStage sink : pipeline.sinks()) {
            var p = sink.progress();
            p.applied().forEach((table, rows) -> {
                String key = p.target() + "." + table;
                long before = lastApplied.getOrDefault(key, 0L);
                lastApplied.put(key, rows);
                String rate = seconds == 0 ? "" : String.format("  %,.0f rows/s", (rows - before) / seconds);
                Long expected = snapshotting.get(key);
                if (expected != null) {
                    rate = String.format(" of ~%,d (%d%%)", expected, Math.min(99, rows * 100 / expected)) + rate
                            + eta(expected - rows, seconds == 0 ? 0 : (rows - before) / seconds);
                }
                long dead = p.deadLettered().getOrDefault(table, 0L);
                String fresh = freshness.getOrDefault(key, "");
                lines.add(String.format("sink    %-10s %-28s applied %,10d%s%s%s", p.target(), table, rows, rate,
                        dead == 0 ? "" : String.format("  dead letters %,d", dead), fresh.isEmpty() ? "" : "  " + fresh));
            });
            if (p.unreachableSince() != null) {
                lines.add("sink    " + p.target() + " target unreachable since " + p.unreachableSince() + ": " + p.lastError());
            }
        }
        if (status != null && pipeline.transform() != null) {
            var transform = status.get().transform();
            if (transform != null) {
                lines.add(String.format("transform %-37s lag %,d%s%s", transform.state(), transform.lag(),
                        transform.deadLetters() == 0 ? "" : String.format("  dead letters %,d", transform.deadLetters()),
                        transform.failure() == null ? "" : "  failure: " + transform.failure()));
            }
        }
        lastAt = now;
        return lines;
    }

    /**
     * {@code "  ETA 2m 05s"} for {@code remaining} rows at {@code perSecond}; empty when nothing is
     * left or no rate is known yet. An estimate: table sizes are the database's estimates.
     */
    static String eta(long remaining, double perSecond) {
        if (remaining <= 0 || perSecond <= 0) {
            return "";
        }
        long total = (long) Math.ceil(remaining / perSecond);
        long h = total / 3600;
        long m = total % 3600 / 60;
        long sec = total % 60;
        return "  ETA " + (h > 0 ? String.format("%dh %02dm", h, m) : m > 0 ? String.format("%dm %02ds", m, sec)
                : sec + "s");
    }

    /**
     * Prints the progress: on a terminal it redraws the same block in place, elsewhere it writes
     * plain lines (for logs).
     */
    public static final class Printer implements AutoCloseable {

        private final java.util.function.Function<Instant, List<String>> view;
        private final PrintStream out;
        private final boolean terminal;
        private final java.util.concurrent.ScheduledExecutorService timer;
        private int drawn;
        private List<String> lastDrawn = List.of();

        /** The printer drawing on a terminal now, if any: log lines go through it (see {@link ProgressAwareConsoleAppender}). */
        private static volatile Printer onTerminal;

        public Printer(ProgressView view, PrintStream out, boolean terminal, Duration every) {
            this(view::lines, out, terminal, every);
        }

        /** @param view the lines to print at an instant */
        Printer(java.util.function.Function<Instant, List<String>> view, PrintStream out, boolean terminal, Duration every) {
            this.view = view;
            this.out = out;
            this.terminal = terminal;
            if (terminal) {
                onTerminal = this;
            }
            this.timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ferry-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::print, every.toMillis(), every.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        public synchronized void print() {
            List<String> lines = view.apply(Instant.now());
            if (terminal) {
                redraw(lines, "");
            } else {
                lines.forEach(out::println);
            }
            out.flush();
        }

        /** Moves up over the block drawn last, prints {@code above} (log text) there, then the block. */
        private void redraw(List<String> lines, String above) {
            StringBuilder b = new StringBuilder();
            if (drawn > 0) {
                b.append("\033[").append(drawn).append('F').append("\033[J");
            }
            b.append(above);
            lines.forEach(l -> b.append("\033[2K").append(l).append('\n'));
            out.print(b);
            drawn = lines.size();
            lastDrawn = lines;
        }

        /** Prints a log line (with its line end) above the progress block, which is drawn again below it. */
        synchronized void logLine(String line) {
            redraw(lastDrawn, line);
            out.flush();
        }

        static Printer onTerminal() {
            return onTerminal;
        }

        @Override
        public void close() {
            timer.shutdownNow();
            synchronized (this) {
                if (onTerminal == this) {
                    onTerminal = null;
                }
            }
        }
    }
}
