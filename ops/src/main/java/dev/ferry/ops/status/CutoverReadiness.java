package dev.ferry.ops.status;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ferry cutover} would find in the way now, from what the dashboard already knows (no
 * source query, no verify): a table still snapshotting, records the transform or a sink has still to
 * process, a target that does not answer or a stage that FAILED, Kafka unreachable, pending dead
 * letters. Ready means nothing stands in the way now; cutover itself still drains up to the
 * sources' current positions and verifies every table.
 *
 * @param ready no blocker now
 * @param blockers what cutover would report missing, one line each
 */
public record CutoverReadiness(boolean ready, List<String> blockers) {

    public static CutoverReadiness of(Status status, long pendingDeadLetters) {
        List<String> blockers = new ArrayList<>();
        if (status.kafka() != null && !status.kafka().reachable()) {
            blockers.add("Kafka unreachable since " + status.kafka().unreachableSince());
        }
        for (Status.SourceStatus source : status.sources()) {
            for (Status.SourceTable t : source.tables()) {
                if (!t.phase().equals("streaming")) {
                    blockers.add("source " + source.name() + ": " + t.table() + " is " + t.phase()
                            + (t.phase().equals("snapshotting") ? "" : " (cutover waits for its snapshot to finish)"));
                }
            }
        }
        if (status.transform().lag() > 0) {
            blockers.add(String.format("transform still has %,d records to map", status.transform().lag()));
        }
        status.failures().forEach(f -> blockers.add("FAILED: " + f));
        for (Status.TargetStatus target : status.targets()) {
            if (!target.reachable()) {
                blockers.add("target " + target.name() + " unreachable since " + target.unreachableSince());
            }
            if (target.lag() > 0) {
                blockers.add(String.format("target %s still has %,d records to apply", target.name(), target.lag()));
            }
        }
        if (pendingDeadLetters > 0) {
            blockers.add(String.format("%,d dead letters pending (ferry dlq list; or cutover --accept-dead-letters)",
                    pendingDeadLetters));
        }
        return new CutoverReadiness(blockers.isEmpty(), List.copyOf(blockers));
    }
}
