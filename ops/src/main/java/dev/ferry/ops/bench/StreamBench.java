package dev.ferry.ops.bench;

import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.local.LocalPostgres;
import dev.ferry.ops.local.LocalStack;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Streaming latency, measured in one run beside its floor on one private PostgreSQL: a table of
 * {@value #ROWS} rows is moved by Ferry (database {@code bench_target}) and, at the same time, by
 * PostgreSQL's own logical replication (a publication and a subscription, database
 * {@code bench_floor}); then a load generator commits single-row updates at each rate, each writing
 * {@code clock_timestamp()} into the row. In both targets a deferred constraint trigger records, at
 * the commit of the transaction that wrote the row, how long ago the source wrote it: the latency
 * from source commit to the row being committed in the target. Prints p50/p95/p99/max per rate for
 * Ferry and the floor, the rate reached, and how long each took to catch up after the load.
 */
public final class StreamBench {

    static final int ROWS = 100_000;
    private static final String TABLE = "pulse";

    private final List<Integer> rates;
    private final int seconds;
    private final PrintStream out;

    public StreamBench(List<Integer> rates, int seconds, PrintStream out) {
        this.rates = List.copyOf(rates);
        this.seconds = seconds;
        this.out = out;
    }

    /** @return true when both targets caught up after every load */
    public boolean run() throws Exception {
        Path work = Files.createTempDirectory("ferry-bench-stream-");
        try (LocalStack stack = LocalStack.start(work)) {
            LocalPostgres pg = stack.postgres();
            for (String db : new String[] {"bench_source", "bench_target", "bench_floor"}) {
                pg.createDatabase(db);
            }
            try (Connection source = connect(pg, "bench_source"); Connection target = connect(pg, "bench_target");
                 Connection floor = connect(pg, "bench_floor")) {
                createSource(source);
                createMeasuredTarget(target, false);
                createMeasuredTarget(floor, true);
                startFloor(source, floor, pg);
                Path yaml = work.resolve("ferry.yaml");
                Files.writeString(yaml, config(stack));
                StageConfigs configs = new StageConfigs(ConfigLoader.load(yaml, Map.of()), work.resolve("state"));
                try (Pipeline pipeline = new Pipeline(configs, EnumSet.allOf(Stage.class))) {
                    pipeline.start();
                    out.printf("bench stream: snapshot of %,d rows by Ferry and by logical replication ...%n", ROWS);
                    if (!awaitRows(target, ROWS, 600) || !awaitRows(floor, ROWS, 600)) {
                        out.println("bench stream: the snapshot did not complete within 600 s");
                        return false;
                    }
                    boolean caughtUp = true;
                    for (int rate : rates) {
                        caughtUp &= measure(rate, source, target, floor, pg);
                    }
                    return caughtUp;
                }
            }
        } finally {
            BenchWork.delete(work);
        }
    }

    private boolean measure(int rate, Connection source, Connection target, Connection floor, LocalPostgres pg)
            throws Exception {
        clear(target);
        clear(floor);
        int threads = Math.max(1, Math.min(4, (rate + 999) / 1000));
        Load[] loads = new Load[threads];
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (int i = 0; i < threads; i++) {
            loads[i] = new Load(connect(pg, "bench_source"), (double) rate / threads, start, end);
            loads[i].thread.start();
        }
        long committed = 0;
        for (Load l : loads) {
            l.thread.join();
            committed += l.committed;
            if (l.failure != null) {
                throw l.failure;
            }
        }
        double reached = committed / ((System.nanoTime() - start) / 1e9);
        long loadEnd = System.nanoTime();
        String lastWrite = lastWrite(source);
        double ferryCatchUp = catchUp(target, lastWrite, loadEnd);
        double floorCatchUp = catchUp(floor, lastWrite, loadEnd);
        out.printf("rate %,d updates/s for %d s: reached %,.0f/s (%,d updates)%n", rate, seconds, reached, committed);
        print("  Ferry                          ", target, ferryCatchUp);
        print("  PostgreSQL logical replication ", floor, floorCatchUp);
        return ferryCatchUp >= 0 && floorCatchUp >= 0;
    }

    private void print(String label, Connection c, double catchUp) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*),"
                + " percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY ms),"
                + " percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), max(ms) FROM bench_latency")) {
            rs.next();
            out.printf("%s p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%,d rows measured)  %s%n", label,
                    rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(1),
                    catchUp < 0 ? "did NOT catch up within 120 s" : String.format("caught up %.1f s after the load", catchUp));
        }
    }

    /** Seconds from the end of the load until {@code c} holds the last write, -1 if not within 120 s. */
    private static double catchUp(Connection c, String lastWrite, long loadEnd) throws Exception {
        long deadline = loadEnd + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT max(written_at) >= '" + lastWrite + "'::timestamptz FROM " + TABLE)) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return (System.nanoTime() - loadEnd) / 1e9;
                }
            }
            LockSupport.parkNanos(20_000_000L);
        }
        return -1;
    }

    private static String lastWrite(Connection source) throws SQLException {
        try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SELECT max(written_at)::text FROM " + TABLE)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void clear(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("TRUNCATE bench_latency");
        }
    }

    private static void createSource(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, v bigint NOT NULL, note text, written_at timestamptz NOT NULL)");
            s.execute("INSERT INTO " + TABLE + " SELECT g, 0, 'row ' || g, clock_timestamp() FROM generate_series(1, " + ROWS + ") g");
            s.execute("VACUUM ANALYZE " + TABLE);
        }
    }

    /**
     * The target table (as Ferry would create it) and a deferred constraint trigger that records,
     * at commit, the age of each written row's {@code written_at}. On the logical replication
     * subscriber the trigger must be ENABLE ALWAYS (the apply worker runs as a replica).
     */
    private static void createMeasuredTarget(Connection c, boolean subscriber) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, v bigint NOT NULL, note text, written_at timestamptz NOT NULL)");
            s.execute("CREATE UNLOGGED TABLE bench_latency (ms double precision NOT NULL)");
            s.execute("CREATE FUNCTION bench_latency() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " INSERT INTO public.bench_latency VALUES (extract(epoch FROM clock_timestamp() - NEW.written_at) * 1000);"
                    + " RETURN NULL; END $$");
            s.execute("CREATE CONSTRAINT TRIGGER bench_latency AFTER UPDATE ON " + TABLE
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bench_latency()");
            if (subscriber) {
                s.execute("ALTER TABLE " + TABLE + " ENABLE ALWAYS TRIGGER bench_latency");
            }
        }
    }

    /** A subscription in the same cluster needs its slot made first (creating it would wait on itself). */
    private static void startFloor(Connection source, Connection floor, LocalPostgres pg) throws SQLException {
        try (Statement s = source.createStatement()) {
            s.execute("CREATE PUBLICATION bench_floor FOR TABLE " + TABLE);
            s.execute("SELECT pg_create_logical_replication_slot('bench_floor', 'pgoutput')");
        }
        try (Statement s = floor.createStatement()) {
            s.execute("CREATE SUBSCRIPTION bench_floor CONNECTION 'host=127.0.0.1 port=" + pg.port()
                    + " dbname=bench_source user=" + pg.user() + " password=" + pg.password()
                    + "' PUBLICATION bench_floor WITH (create_slot = false, slot_name = 'bench_floor')");
        }
    }

    private static boolean awaitRows(Connection c, int rows, int seconds) throws SQLException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
                rs.next();
                if (rs.getLong(1) >= rows) {
                    return true;
                }
            }
            LockSupport.parkNanos(500_000_000L);
        }
        return false;
    }

    private String config(LocalStack stack) {
        LocalPostgres pg = stack.postgres();
        return """
                kafka:
                  bootstrap-servers: %s
                  schema-registry: %s
                  topic-prefix: benchstream
                sources:
                  - name: src
                    type: postgres
                    url: %s
                    user: %s
                    password: %s
                    tables: [public.%s]
                targets:
                  - name: dst
                    type: postgres
                    url: %s
                    user: %s
                    password: %s
                """.formatted(stack.kafka().bootstrapServers(), stack.registry().url(), pg.jdbcUrl("bench_source"),
                pg.user(), pg.password(), TABLE, pg.jdbcUrl("bench_target"), pg.user(), pg.password());
    }

    private static Connection connect(LocalPostgres pg, String db) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(db), pg.user(), pg.password());
    }

    /** One load thread: single-row updates (autocommit) paced to {@code perSecond} until {@code end}. */
    private static final class Load {
        final Thread thread;
        volatile long committed;
        volatile Exception failure;

        Load(Connection c, double perSecond, long start, long end) {
            thread = new Thread(() -> {
                try (c; PreparedStatement update = c.prepareStatement(
                        "UPDATE " + TABLE + " SET v = v + 1, written_at = clock_timestamp() WHERE id = ?")) {
                    // The private server runs synchronous_commit=off (for bulk speed): its WAL would reach
                    // the walsenders only at the WAL writer's next round (up to 200 ms), a delay of the
                    // load generator's making. Each update commits as an application's would.
                    try (Statement s = c.createStatement()) {
                        s.execute("SET synchronous_commit = on");
                    }
                    long interval = (long) (1e9 / perSecond);
                    long next = start;
                    while (next < end) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        update.setInt(1, ThreadLocalRandom.current().nextInt(1, ROWS + 1));
                        update.executeUpdate();
                        committed++;
                        next += interval;
                    }
                } catch (Exception e) {
                    failure = e;
                }
            }, "bench-load");
        }
    }
}
