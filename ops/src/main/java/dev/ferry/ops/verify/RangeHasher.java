package dev.ferry.ops.verify;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Hashed verify of one table over its integer key: both databases count and sum their row hashes
 * ({@link HashPlan}) over a key range at the same time; a range whose counts and sums agree is
 * identical and costs one aggregate query a side; one that differs is split into {@value #FANOUT}
 * ranges and each is hashed again, until a differing range holds at most {@value #LEAF} rows,
 * which is handed to {@link Leaf} (the row-by-row comparison). Ranges are searched in key order, so
 * the differences come in key order too.
 */
final class RangeHasher {

    static final int FANOUT = 16;
    static final long LEAF = 2048;

    /** Compares the rows of a key range, both bounds included, row by row. */
    @FunctionalInterface
    interface Leaf {
        void compare(long from, long to) throws Exception;
    }

    /**
     * The whole table: rows on each side, the target's sum of row hashes (hex, low 64 bits) and how
     * many key ranges differed and were compared row by row.
     */
    record Totals(long sourceRows, long targetRows, String targetChecksum, int leaves) {
    }

    private record Sums(long rows, String sum) {
    }

    private final HashPlan plan;
    private final HashSql sourceSql;
    private final HashSql targetSql;
    private final String sourceFrom;
    private final String targetFrom;
    private int leaves;

    RangeHasher(HashPlan plan, HashSql sourceSql, String sourceFrom, HashSql targetSql, String targetFrom) {
        this.plan = plan;
        this.sourceSql = sourceSql;
        this.targetSql = targetSql;
        this.sourceFrom = sourceFrom;
        this.targetFrom = targetFrom;
    }

    Totals run(Connection source, Connection target, Leaf leaf) throws Exception {
        sourceSql.prepare(source);
        targetSql.prepare(target);
        ExecutorService sides = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ferry-verify-hash");
            t.setDaemon(true);
            return t;
        });
        try {
            long[] a = bounds(source, plan.sourceKey(), sourceFrom);
            long[] b = bounds(target, plan.targetKey(), targetFrom);
            if (a == null && b == null) {
                return new Totals(0, 0, String.format("%016x", 0L), 0);
            }
            long from = a == null ? b[0] : b == null ? a[0] : Math.min(a[0], b[0]);
            long to = a == null ? b[1] : b == null ? a[1] : Math.max(a[1], b[1]);
            Sums[] top = sums(sides, source, target, from, to);
            search(sides, source, target, from, to, top[0], top[1], leaf);
            return new Totals(top[0].rows(), top[1].rows(),
                    String.format("%016x", new BigInteger(top[1].sum()).longValue()), leaves);
        } finally {
            sides.shutdownNow();
        }
    }

    private void search(ExecutorService sides, Connection source, Connection target, long from, long to, Sums a, Sums b,
                        Leaf leaf) throws Exception {
        if (a.equals(b)) {
            return;
        }
        if (Math.max(a.rows(), b.rows()) <= LEAF || from == to) {
            leaves++;
            leaf.compare(from, to);
            return;
        }
        BigInteger lo = BigInteger.valueOf(from);
        BigInteger span = BigInteger.valueOf(to).subtract(lo).add(BigInteger.ONE);
        BigInteger parts = span.min(BigInteger.valueOf(FANOUT));
        for (int i = 0; i < parts.intValue(); i++) {
            long start = lo.add(span.multiply(BigInteger.valueOf(i)).divide(parts)).longValueExact();
            long end = lo.add(span.multiply(BigInteger.valueOf(i + 1)).divide(parts)).subtract(BigInteger.ONE).longValueExact();
            Sums[] part = sums(sides, source, target, start, end);
            search(sides, source, target, start, end, part[0], part[1], leaf);
        }
    }

    private Sums[] sums(ExecutorService sides, Connection source, Connection target, long from, long to) throws Exception {
        CompletableFuture<Sums> a = CompletableFuture.supplyAsync(
                () -> sums(source, sourceSql, plan.sourceHash(), plan.sourceKey(), sourceFrom, from, to), sides);
        CompletableFuture<Sums> b = CompletableFuture.supplyAsync(
                () -> sums(target, targetSql, plan.targetHash(), plan.targetKey(), targetFrom, from, to), sides);
        try {
            return new Sums[] {a.join(), b.join()};
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    private static Sums sums(Connection c, HashSql sql, String hash, String key, String from, long lo, long hi) {
        try (PreparedStatement s = c.prepareStatement(sql.aggregate(hash, from, " WHERE " + key + " BETWEEN ? AND ?"))) {
            s.setLong(1, lo);
            s.setLong(2, hi);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Sums(rs.getLong(1), rs.getString(2));
            }
        } catch (java.sql.SQLException e) {
            throw new VerifyException("hashing " + from + " keys " + lo + " to " + hi + " failed: " + e.getMessage(), e);
        }
    }

    /** The smallest and largest key, or null for an empty table. */
    private static long[] bounds(Connection c, String key, String from) throws Exception {
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT min(" + key + "), max(" + key + ") FROM " + from)) {
            rs.next();
            long min = rs.getLong(1);
            return rs.wasNull() ? null : new long[] {min, rs.getLong(2)};
        }
    }
}
