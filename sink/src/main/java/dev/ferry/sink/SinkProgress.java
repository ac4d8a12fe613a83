package dev.ferry.sink;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live progress of one target's sink: rows applied and dead-lettered per table, retries, and
 * whether the target is reachable (and since when it is not). Written by the sink thread, read by
 * anyone.
 */
public final class SinkProgress {

    private final String target;
    private final Map<String, AtomicLong> applied = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLettered = new ConcurrentHashMap<>();
    private final AtomicLong retries = new AtomicLong();
    private volatile Instant unreachableSince;
    private volatile String lastError;
    private volatile Instant lastAppliedAt;
    private volatile int parked;

    SinkProgress(String target) {
        this.target = target;
    }

    void applied(String table, long rows, Instant at) {
        applied.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(rows);
        lastAppliedAt = at;
        unreachableSince = null;
    }

    void deadLettered(String table, String error) {
        deadLettered.computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
        lastError = error;
    }

    void retrying(String error, Instant now) {
        retries.incrementAndGet();
        lastError = error;
        if (unreachableSince == null) {
            unreachableSince = now;
        }
    }

    void parked(int count) {
        parked = count;
    }

    /** Changes waiting for their parent row (foreign key), not yet applied nor dead-lettered. */
    public int parked() {
        return parked;
    }

    /**
     * One line for people: {@code target unreachable since <instant>: <error>} while the target
     * does not answer, else {@code ok}, with the parked count when there are any.
     */
    public String status() {
        Instant since = unreachableSince;
        String text = since == null ? "ok" : "target unreachable since " + since + ": " + lastError;
        return parked > 0 ? text + " (" + parked + " changes waiting for their parent row)" : text;
    }

    public String target() {
        return target;
    }

    /** Rows applied per table since start (after collapsing changes of one row within a batch: records). */
    public Map<String, Long> applied() {
        Map<String, Long> copy = new TreeMap<>();
        applied.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Rows applied since start, all tables together. */
    public long appliedRows() {
        return applied.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public Map<String, Long> deadLettered() {
        Map<String, Long> copy = new TreeMap<>();
        deadLettered.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public long retries() {
        return retries.get();
    }

    /** When the target stopped answering, or null while it is reachable. */
    public Instant unreachableSince() {
        return unreachableSince;
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastAppliedAt() {
        return lastAppliedAt;
    }
}
