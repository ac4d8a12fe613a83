package dev.ferry.ops.cli;

import dev.ferry.schemas.retry.RetryPolicy;
import dev.ferry.schemas.retry.Waiter;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.demo.LiveWriter;
import dev.ferry.ops.demo.SampleSchema;
import dev.ferry.ops.local.LocalStack;
import dev.ferry.ops.http.PipelineServer;
import dev.ferry.ops.metrics.FerryMetrics;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.ProgressView;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.TableComparison;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/**
 * {@code ferry demo}: a whole migration on this machine with nothing installed. Starts a private
 * PostgreSQL (source and target databases), Kafka and a schema registry; fills a sample shop;
 * snapshots it, changes it while streaming, and proves target equals source row by row.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a sample migration end to end on a private, local stack; exit 0 only if target equals source.")
public final class DemoCommand implements Callable<Integer> {

    /** The demo checks the tables once a second. */
    private static final Waiter POLL = Waiter.polling(RetryPolicy.fixed(Duration.ofSeconds(1)));

    @Option(names = "--rows", description = "customers and orders in the sample (default: ${DEFAULT-VALUE})")
    int rows = 5000;

    @Option(names = "--changes", description = "live changes made while streaming (default: ${DEFAULT-VALUE})")
    int changes = 400;

    @Option(names = "--timeout", description = "longest wait for the target to catch up, in seconds (default: ${DEFAULT-VALUE})")
    int timeoutSeconds = 300;

    @Option(names = "--http-port", description = "serve the dashboard, /status and /metrics on this port while the "
            + "demo runs (default: ${DEFAULT-VALUE}, a free port)")
    int httpPort = 0;

    @Option(names = "--keep", description = "keep the work directory (logs, data) instead of deleting it")
    boolean keep;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        if (rows < 1 || changes < 0) {
            throw Refusal.usage("--rows must be at least 1 and --changes at least 0");
        }
        Path work = Files.createTempDirectory("ferry-demo-");
        Instant started = Instant.now();
        Outcome outcome;
        try {
            outcome = run(work, started);
        } finally {
            if (keep) {
                out.println("work directory kept: " + work);
            } else {
                deleteTree(work);
            }
        }
        // Reported once everything the demo started is stopped, so the verdict is the last line.
        return report(outcome.results(), outcome.changes(), started);
    }

    private Outcome run(Path work, Instant started) throws Exception {
        out.println("ferry demo: starting a private PostgreSQL, Kafka broker and schema registry under " + work);
        try (LocalStack stack = LocalStack.start(work)) {
            var pg = stack.postgres();
            pg.createDatabase("shop");
            pg.createDatabase("shop_copy");
            try (Connection source = DriverManager.getConnection(pg.jdbcUrl("shop"), pg.user(), pg.password());
                 Connection target = DriverManager.getConnection(pg.jdbcUrl("shop_copy"), pg.user(), pg.password())) {
                out.printf("filling the source: %,d customers, %,d orders, %,d order items, %,d products%n",
                        rows, rows, rows * 2L, Math.max(50, rows / 10));
                SampleSchema.create(source, rows);
                Path yaml = writeConfig(work, stack);
                FerryConfig config = ConfigLoader.load(yaml, Map.of());
                try (FerryMetrics metrics = new FerryMetrics();
                     Pipeline pipeline = new Pipeline(new StageConfigs(config, work.resolve("state")),
                             EnumSet.allOf(Stage.class), java.util.Set.of(), metrics.sink(), metrics.transform())) {
                    pipeline.start();
                    boolean terminal = System.console() != null;
                    try (PipelineServer server = new PipelineServer(pipeline, metrics, httpPort);
                         var printer = new ProgressView.Printer(new ProgressView(pipeline, server::status), out, terminal,
                                 Duration.ofSeconds(terminal ? 1 : 5))) {
                        out.printf("dashboard: http://localhost:%d/  (status /status, metrics /metrics)%n", server.port());
                        Waiter.Deadline deadline = POLL.deadline(Duration.ofSeconds(timeoutSeconds));
                        List<TableComparison.Result> snapshot = awaitIdentical(source, target, deadline);
                        printer.print();
                        out.printf("snapshot landed: %s rows in %.1f s%n", total(snapshot),
                                Duration.between(started, Instant.now()).toMillis() / 1000.0);
                        out.printf("streaming: making %,d live changes on the source%n", changes);
                        int made = new LiveWriter(source, rows, 42).run(changes);
                        List<TableComparison.Result> last = awaitIdentical(source, target, deadline);
                        printer.print();
                        return new Outcome(last, made);
                    }
                }
            }
        }
    }

    private List<TableComparison.Result> awaitIdentical(Connection source, Connection target, Waiter.Deadline deadline)
            throws Exception {
        while (true) {
            List<TableComparison.Result> results = new ArrayList<>();
            for (String table : SampleSchema.TABLES) {
                results.add(TableComparison.compare(source, target, SampleSchema.SCHEMA, table));
            }
            if (results.stream().allMatch(TableComparison.Result::identical) || deadline.passed()) {
                return results;
            }
            deadline.pause();
        }
    }

    private int report(List<TableComparison.Result> results, int made, Instant started) {
        out.println();
        out.println("table comparison (source vs target, row by row):");
        results.forEach(r -> out.println("  " + r));
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        if (results.stream().allMatch(TableComparison.Result::identical)) {
            out.printf("demo ok: %d tables, %s rows identical after snapshot and %,d live changes, in %.1f s%n",
                    results.size(), total(results), made, seconds);
            return ExitCode.OK;
        }
        out.printf("demo FAILED: target differs from source after %.1f s (see above)%n", seconds);
        return ExitCode.SOFTWARE;
    }

    private static String total(List<TableComparison.Result> results) {
        return String.format("%,d", results.stream().mapToLong(TableComparison.Result::sourceRows).sum());
    }

    private Path writeConfig(Path work, LocalStack stack) throws Exception {
        var pg = stack.postgres();
        String yaml = """
                kafka:
                  bootstrap-servers: %s
                  schema-registry: %s
                  topic-prefix: demo
                  partitions: 3
                sources:
                  - name: shop
                    type: postgres
                    url: %s
                    user: %s
                    password: %s
                    tables: [public.customers, public.products, public.orders, public.order_items]
                targets:
                  - name: copy
                    type: postgres
                    url: %s
                    user: %s
                    password: %s
                    schema: public
                """.formatted(stack.kafka().bootstrapServers(), stack.registry().url(), pg.jdbcUrl("shop"), pg.user(),
                pg.password(), pg.jdbcUrl("shop_copy"), pg.user(), pg.password());
        Path file = work.resolve("ferry.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // Best effort: a temp directory left behind is harmless.
        }
    }

    private record Outcome(List<TableComparison.Result> results, int changes) {
    }
}
