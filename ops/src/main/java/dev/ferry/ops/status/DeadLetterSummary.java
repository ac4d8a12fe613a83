package dev.ferry.ops.status;

import dev.ferry.ops.dlq.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pending dead letters of a pipeline as the dashboard shows them: counts by stage, table, cause
 * and rule (as {@code ferry dlq list}), and the latest few with their messages.
 *
 * @param pending dead letters pending (neither re-driven nor discarded)
 * @param groups one per stage, table, cause and rule, in that order
 * @param latest the {@link #LATEST} most recent, newest first
 * @param readAt when the topics were read (ISO-8601), null before the first read
 */
public record DeadLetterSummary(long pending, List<Group> groups, List<Latest> latest, String readAt) {

    /** How many of the most recent dead letters the summary keeps with their messages. */
    public static final int LATEST = 5;

    /** Before the topics were read. */
    public static final DeadLetterSummary NONE = new DeadLetterSummary(0, List.of(), List.of(), null);

    public record Group(String stage, String table, String cause, String rule, long count) {
    }

    /**
     * @param at when the dead letter was written (ISO-8601)
     * @param id {@code <dlq topic>/<partition>/<offset>}, as {@code ferry dlq show} and {@code export} name it
     * @param message {@code ferry.error.message}: what went wrong, naming table, key and column
     */
    public record Latest(String at, String id, String stage, String table, String cause, String rule, String message) {
    }

    /** Adds dead letters one at a time (topics of any size: only counts and the latest few are held). */
    public static final class Builder {
        private final Map<List<String>, Long> counts = new TreeMap<>(Comparator.comparing(k -> String.join("\u0000", k)));
        private final List<DeadLetter> latest = new ArrayList<>();
        private long pending;

        public void add(DeadLetter d) {
            pending++;
            counts.merge(List.of(d.stage(), d.table(), d.cause(), d.rule()), 1L, Long::sum);
            latest.add(d);
            latest.sort(Comparator.comparingLong(DeadLetter::timestamp).reversed());
            if (latest.size() > LATEST) {
                latest.remove(LATEST);
            }
        }

        public DeadLetterSummary build(Instant readAt) {
            List<Group> groups = counts.entrySet().stream().map(e -> new Group(e.getKey().get(0), e.getKey().get(1),
                    e.getKey().get(2), e.getKey().get(3), e.getValue())).toList();
            List<Latest> newest = latest.stream().map(d -> new Latest(Instant.ofEpochMilli(d.timestamp()).toString(),
                    d.id(), d.stage(), d.table(), d.cause(), d.rule(), d.error())).toList();
            return new DeadLetterSummary(pending, groups, newest, readAt.toString());
        }
    }
}
