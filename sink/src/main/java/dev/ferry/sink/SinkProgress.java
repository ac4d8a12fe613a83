package dev.ferry.sink;

import dev.ferry.schemas.supervision.StageState;

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
    private final Map<String, AtomicLong> truncated = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> truncatesIgnored = new ConcurrentHashMap<>();
    private final AtomicLong retries = new AtomicLong();
    private volatile Instant unreachableSince;
    private volatile String lastError;
    private volatile Instant lastAppliedAt;
    private volatile int parked;
    private volatile StageState state = StageState.RUNNING;
    private volatile String failure;
    private final AtomicLong restarts = new AtomicLong();
    private volatile Instant deadLettersBlockedSince;

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

    void truncated(String table, boolean applied) {
        (applied ? truncated : truncatesIgnored).computeIfAbsent(table, t -> new AtomicLong()).incrementAndGet();
    }

    /** Source truncates applied per table since start. */
    public Map<String, Long> truncated() {
        return copy(truncated);
    }

    /** Source truncates per table since start that left the target rows alone ({@code truncate: ignore}). */
    public Map<String, Long> truncatesIgnored() {
        return copy(truncatesIgnored);
    }

    private static Map<String, Long> copy(Map<String, AtomicLong> counts) {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    void retrying(String error, Instant now) {
        retries.incrementAndGet();
        lastError = error;
        if (unreachableSince == null) {
            unreachableSince = now;
        }
    }

    void restarting(String cause) {
        restarts.incrementAndGet();
        failure = cause;
        state = StageState.RESTARTING;
    }

    void running() {
        state = StageState.RUNNING;
    }

    void failed(String cause) {
        failure = cause;
        state = StageState.FAILED;
    }

    void deadLettersBlocked(String error, Instant now) {
        lastError = error;
        if (deadLettersBlockedSince == null) {
            deadLettersBlockedSince = now;
        }
    }

    void deadLettersFlow() {
        deadLettersBlockedSince = null;
    }

    public StageState state() {
        return state;
    }

    /** The unexpected failure that made the sink restart or fail, null if none. */
    public String failure() {
        return failure;
    }

    /** Restarts after unexpected failures since start. */
    public long restarts() {
        return restarts.get();
    }

    void parked(int count) {
        parked = count;
    }

    /** Changes waiting for their parent row (foreign key), not yet applied nor dead-lettered. */
    public int parked() {
        return parked;
    }

    /**
     * One line for people: {@code FAILED: <cause>} when the sink gave up; {@code target unreachable
     * since <instant>: <error>} while the target does not answer; {@code dead-letter topic unavailable
     * since ...} while Kafka does not take a dead letter; {@code restarting (n): <cause>} after an
     * unexpected failure; else {@code ok}; with the parked count when there are any.
     */
    public String status() {
        if (state == StageState.FAILED) {
            return "FAILED: " + failure;
        }
        Instant since = unreachableSince;
        Instant blocked = deadLettersBlockedSince;
        String text = since != null ? "target unreachable since " + since + ": " + lastError
                : blocked != null ? "dead-letter topic unavailable since " + blocked + ": " + lastError
                : state == StageState.RESTARTING ? "restarting (" + restarts.get() + "): " + failure : "ok";
        return parked > 0 ? text + " (" + parked + " changes waiting for their parent row)" : text;
    }

    public String target() {
        return target;
    }

    /** Rows applied per table since start (after collapsing changes of one row within a batch: records). */
    public Map<String, Long> applied() {
        return copy(applied);
    }

    /** Rows applied since start, all tables together. */
    public long appliedRows() {
        return applied.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public Map<String, Long> deadLettered() {
        return copy(deadLettered);
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
