package dev.ferry.ops.bench;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.local.LocalStack;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.EnumSet;
import java.util.Map;

/**
 * Measures, in one run on one private PostgreSQL: (a) COPY of the benchmark table from the source
 * database to another database, the physical floor; (b) Ferry end to end, from pipeline start until
 * the target holds every row. Prints both in rows/s and their ratio, and the JVM's heap.
 */
public final class SnapshotBench {

    private final long rows;
    private final int partitions;
    private final PrintStream out;
    public SnapshotBench(long rows, int partitions, PrintStream out) {
        this.rows = rows;
        this.partitions = partitions;
        this.out = out;
    }

    /** @return true when Ferry moved every row */
    public boolean run() throws Exception {
        Path work = Files.createTempDirectory("ferry-bench-");
        try (LocalStack stack = LocalStack.start(work)) {
            var pg = stack.postgres();
            for (String db : new String[] {"bench_source", "bench_copy", "bench_target"}) {
                pg.createDatabase(db);
            }
            try (Connection source = DriverManager.getConnection(pg.jdbcUrl("bench_source"), pg.user(), pg.password());
                 Connection copy = DriverManager.getConnection(pg.jdbcUrl("bench_copy"), pg.user(), pg.password());
                 Connection target = DriverManager.getConnection(pg.jdbcUrl("bench_target"), pg.user(), pg.password())) {
                out.printf("bench snapshot: filling %,d rows (12 columns) ...%n", rows);
                BenchTable.fill(source, rows);
                try (var s = source.createStatement(); var rs = s.executeQuery(
                        "SELECT pg_size_pretty(pg_table_size('items')), pg_table_size('items') / greatest(count(*), 1) FROM items")) {
                    rs.next();
                    out.printf("table size %s, %d bytes a row on disk%n", rs.getString(1), rs.getLong(2));
                }

                BenchTable.create(copy);
                long copyStart = System.nanoTime();
                long copied = CopyFloor.copy(source, copy, BenchTable.NAME);
                BenchTable.settle(copy);
                double copySeconds = (System.nanoTime() - copyStart) / 1e9;

                Path yaml = work.resolve("ferry.yaml");
                Files.writeString(yaml, config(stack, partitions));
                long ferryStart = System.nanoTime();
                long landed;
                long peakHeap = 0;
                StageConfigs configs = new StageConfigs(ConfigLoader.load(yaml, Map.of()), work.resolve("state"));
                try (Pipeline pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class))) {
                    pipeline.start();
                    landed = 0;
                    long polls = 0;
                    long lastReport = System.nanoTime();
                    while (landed < rows) {
                        Thread.sleep(1000);
                        // Counting a growing table every second would load the target: count it
                        // once the sink says every row was applied (and every 10 s regardless).
                        long applied = pipeline.sinks().get(0).progress().appliedRows();
                        if (applied >= rows || ++polls % 10 == 0) {
                            landed = tableExists(target) ? BenchTable.count(target) : 0;
                        }
                        peakHeap = Math.max(peakHeap, usedHeap());
                        if (System.nanoTime() - lastReport > 5e9) {
                            lastReport = System.nanoTime();
                            double s = (lastReport - ferryStart) / 1e9;
                            long captured = pipeline.captures().get(0).progress().tables().get(0).snapshotRows();
                            out.printf("  ferry after %.0f s: %,d rows captured, %,d rows applied (%,.0f rows/s)%n", s,
                                    captured, applied, applied / s);
                        }
                    }
                }
                double ferrySeconds = (System.nanoTime() - ferryStart) / 1e9;
                double copyRate = copied / copySeconds;
                double ferryRate = landed / ferrySeconds;
                out.printf("COPY floor:       %,12d rows in %7.2f s = %,10.0f rows/s%n", copied, copySeconds, copyRate);
                out.printf("Ferry end to end: %,12d rows in %7.2f s = %,10.0f rows/s (%.1f%% of COPY)%n", landed,
                        ferrySeconds, ferryRate, 100 * ferryRate / copyRate);
                out.printf("JVM heap: max %,d MiB, peak used seen %,d MiB%n",
                        Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20);
                return landed == rows;
            }
        } finally {
            BenchWork.delete(work);
        }
    }

    /** The benchmark's {@code ferry.yaml}: {@code bench_source.public.items} into {@code bench_target}. */
    static String config(LocalStack stack, int partitions) {
        var pg = stack.postgres();
        return """
                kafka:
                  bootstrap-servers: %s
                  schema-registry: %s
                  topic-prefix: bench
                  partitions: %d
                sources:
                  - name: src
                    type: postgres
                    url: %s
                    user: %s
                    password: %s
                    tables: [public.items]
                targets:
                  - name: dst
                    type: postgres
                    url: %s
                    user: %s
                    password: %s
                    batch-size: 5000
                """.formatted(stack.kafka().bootstrapServers(), stack.registry().url(), partitions,
                pg.jdbcUrl("bench_source"), pg.user(), pg.password(), pg.jdbcUrl("bench_target"), pg.user(), pg.password());
    }

    static boolean tableExists(Connection c) throws Exception {
        try (var rs = c.getMetaData().getTables(null, "public", BenchTable.NAME, null)) {
            return rs.next();
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
