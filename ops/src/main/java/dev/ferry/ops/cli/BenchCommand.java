package dev.ferry.ops.cli;

import dev.ferry.ops.bench.SinkBench;
import dev.ferry.ops.bench.SnapshotBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;

/** {@code ferry bench}: benchmarks that print figures. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print figures.",
        subcommands = {BenchCommand.Snapshot.class, BenchCommand.Sink.class, BenchCommand.Verify.class,
                BenchCommand.Stream.class})
public final class BenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw Refusal.usage("choose a benchmark: ferry bench snapshot --rows N | ferry bench sink --rows N "
                + "--target postgres|mariadb | ferry bench verify --rows N | ferry bench stream --rate R --seconds S");
    }

    /** {@code ferry bench snapshot}: COPY floor against Ferry end to end on a private PostgreSQL. */
    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = "Snapshot N rows (12 mixed columns, ~300 B/row): COPY floor vs Ferry end to end, rows/s.")
    public static final class Snapshot implements Callable<Integer> {

        @Option(names = "--rows", description = "rows in the table (default: ${DEFAULT-VALUE})")
        long rows = 1_000_000;

        @Option(names = "--partitions", description = "partitions of each topic (default: ${DEFAULT-VALUE})")
        int partitions = 1;

        @Override
        public Integer call() throws Exception {
            if (rows < 1) {
                throw Refusal.usage("--rows must be at least 1");
            }
            return new SnapshotBench(rows, partitions, System.out).run() ? ExitCode.OK : ExitCode.SOFTWARE;
        }
    }

    /** {@code ferry bench stream}: change latency of Ferry beside PostgreSQL's own logical replication. */
    @Command(name = "stream", mixinStandardHelpOptions = true,
            description = "Single-row updates at each rate on a 100,000-row table after its snapshot: source commit to"
                    + " target commit latency (p50/p95/p99/max) of Ferry beside PostgreSQL logical replication.")
    public static final class Stream implements Callable<Integer> {

        @Option(names = "--rate", description = "updates per second; repeatable (default: 1000)")
        java.util.List<Integer> rates = new java.util.ArrayList<>();

        @Option(names = "--seconds", description = "seconds of load per rate (default: ${DEFAULT-VALUE})")
        int seconds = 30;

        @Override
        public Integer call() throws Exception {
            java.util.List<Integer> chosen = rates.isEmpty() ? java.util.List.of(1000) : rates;
            if (seconds < 1 || chosen.stream().anyMatch(r -> r < 1)) {
                throw Refusal.usage("--rate and --seconds must be at least 1");
            }
            return new dev.ferry.ops.bench.StreamBench(chosen, seconds, System.out).run() ? ExitCode.OK : ExitCode.SOFTWARE;
        }
    }

    /** {@code ferry bench verify}: times {@code ferry verify} alone of N identical rows. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Time verify alone of N identical rows (12 mixed columns, ~300 B/row): Ferry moves the first"
                    + " 1,000 rows, the rest are written straight into source and target (COPY), then verify runs, rows/s.")
    public static final class Verify implements Callable<Integer> {

        @Option(names = "--rows", description = "rows in the table (default: ${DEFAULT-VALUE})")
        long rows = 1_000_000;

        @Option(names = "--method", description = "hash or rows, as ferry verify --method (default: ${DEFAULT-VALUE})")
        String method = "hash";

        @Override
        public Integer call() throws Exception {
            if (rows < 1) {
                throw Refusal.usage("--rows must be at least 1");
            }
            if (!method.equals("hash") && !method.equals("rows")) {
                throw Refusal.usage("--method must be hash or rows, got '" + method + "'");
            }
            return new dev.ferry.ops.bench.VerifyBench(rows, method.equals("hash"), System.out).run()
                    ? ExitCode.OK : ExitCode.SOFTWARE;
        }
    }

    /** {@code ferry bench sink}: the sink alone, records already in Kafka, into PostgreSQL or MariaDB. */
    @Command(name = "sink", mixinStandardHelpOptions = true,
            description = "The sink alone: N records (12 mixed columns) already in Kafka into a private target, rows/s.")
    public static final class Sink implements Callable<Integer> {

        @Option(names = "--rows", description = "records to apply (default: ${DEFAULT-VALUE})")
        long rows = 500_000;

        @Option(names = "--target", description = "postgres or mariadb (default: ${DEFAULT-VALUE})")
        String target = "postgres";

        @Option(names = "--batch-size", description = "rows per target transaction (default: ${DEFAULT-VALUE})")
        int batchSize = 2000;

        @Override
        public Integer call() throws Exception {
            if (rows < 1 || batchSize < 1) {
                throw Refusal.usage("--rows and --batch-size must be at least 1");
            }
            if (!target.equals("postgres") && !target.equals("mariadb")) {
                throw Refusal.usage("--target must be postgres or mariadb, got '" + target + "'");
            }
            return new SinkBench(rows, target, batchSize, System.out).run() ? ExitCode.OK : ExitCode.SOFTWARE;
        }
    }
}
