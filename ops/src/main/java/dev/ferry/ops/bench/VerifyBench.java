package dev.ferry.ops.bench;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.local.LocalStack;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.Verifier;
import dev.ferry.ops.verify.VerifyReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Times {@code ferry verify} alone on N identical rows of the benchmark table. Ferry moves the
 * first {@value #THROUGH_FERRY} rows (so the registry has the table's schemas and the target table
 * is the one Ferry creates), then the pipeline stops and the other rows are written straight into
 * both databases: generated in the source, copied into the target with {@code COPY}.
 */
public final class VerifyBench {

    static final long THROUGH_FERRY = 1000;

    private final long rows;
    private final boolean hashed;
    private final PrintStream out;

    /** @param hashed hashed verify (the default) rather than row by row */
    public VerifyBench(long rows, boolean hashed, PrintStream out) {
        this.rows = rows;
        this.hashed = hashed;
        this.out = out;
    }

    /** @return true when verify found the tables identical */
    public boolean run() throws Exception {
        Path work = Files.createTempDirectory("ferry-bench-");
        try (LocalStack stack = LocalStack.start(work)) {
            var pg = stack.postgres();
            pg.createDatabase("bench_source");
            pg.createDatabase("bench_target");
            try (Connection source = DriverManager.getConnection(pg.jdbcUrl("bench_source"), pg.user(), pg.password());
                 Connection target = DriverManager.getConnection(pg.jdbcUrl("bench_target"), pg.user(), pg.password())) {
                long first = Math.min(rows, THROUGH_FERRY);
                BenchTable.create(source);
                BenchTable.insert(source, 1, first);
                Path yaml = work.resolve("ferry.yaml");
                Files.writeString(yaml, SnapshotBench.config(stack, 1));
                StageConfigs configs = new StageConfigs(ConfigLoader.load(yaml, Map.of()), work.resolve("state"));
                out.printf("bench verify: Ferry moves the first %,d rows (schemas, target table) ...%n", first);
                try (Pipeline pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class))) {
                    pipeline.start();
                    while (!SnapshotBench.tableExists(target) || BenchTable.count(target) < first) {
                        Thread.sleep(500);
                    }
                }
                if (rows > first) {
                    out.printf("filling the other %,d rows directly (not through Ferry): generated in the source, COPY into the target ...%n",
                            rows - first);
                    long fillStart = System.nanoTime();
                    BenchTable.insert(source, first + 1, rows);
                    CopyFloor.copyQuery(source, target, "SELECT * FROM " + BenchTable.NAME + " WHERE id > " + first,
                            BenchTable.NAME);
                    out.printf("filled in %.1f s%n", (System.nanoTime() - fillStart) / 1e9);
                }
                BenchTable.settle(source);
                BenchTable.settle(target);
                long start = System.nanoTime();
                VerifyReport report = new Verifier(configs, Duration.ZERO, hashed).verify(List.of(), t -> { });
                double seconds = (System.nanoTime() - start) / 1e9;
                out.print(report.toText());
                out.printf("ferry verify (%s): %,12d rows in %7.2f s = %,10.0f rows/s%n", hashed ? "hashed" : "row by row",
                        report.rows(), seconds, report.rows() / seconds);
                return report.identical();
            }
        } finally {
            BenchWork.delete(work);
        }
    }
}
