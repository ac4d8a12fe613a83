package dev.ferry.ops.status;

import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Status} as lines for a terminal or a log. */
public final class StatusText {

    private StatusText() {
    }

    public static List<String> lines(Status s) {
        List<String> lines = new ArrayList<>();
        lines.add("pipeline " + s.topicPrefix() + " " + (s.running() ? "running" : "not running (read from Kafka)") + ", at " + s.at());
        if (s.kafka() != null && !s.kafka().reachable()) {
            lines.add("Kafka UNREACHABLE since " + s.kafka().unreachableSince() + " at " + s.kafka().bootstrapServers()
                    + " (lag and topic sizes below are as of " + s.kafka().readAt() + "): " + s.kafka().lastError());
        }
        if (s.registry() != null && !s.registry().reachable()) {
            lines.add("schema registry UNAVAILABLE since " + s.registry().unavailableSince() + " (stages wait for it): "
                    + s.registry().lastError());
        }
        for (Status.SourceStatus source : s.sources()) {
            for (Status.SourceTable t : source.tables()) {
                String snapshot = t.phase().equals("stopped") ? String.format("%,d rows", t.snapshotRows())
                        : SnapshotShare.of(t.phase().equals("streaming"), t.snapshotRows(), t.estimatedRows());
                lines.add(String.format("source %-10s %-28s %-12s snapshot %s  changes %,d  raw topic %,d records",
                        source.name(), t.table(), t.phase(), snapshot, t.changes(), t.rawRecords()));
                if (t.tooLarge() > 0) {
                    lines.add(String.format("source %-10s %-28s %,d changes TOO LARGE for Kafka, dead-lettered"
                            + " (ferry dlq show --stage capture)", source.name(), t.table(), t.tooLarge()));
                }
            }
            if (source.lastError() != null) {
                lines.add("source " + source.name() + " last error: " + source.lastError());
            }
        }
        Status.TransformStatus tr = s.transform();
        lines.add(String.format("transform %-12s lag %,d  dead letters %,d (%s)", tr.state(), tr.lag(),
                tr.deadLetters(), tr.deadLetterTopic()));
        if (tr.failure() != null) {
            lines.add("transform " + ("FAILED".equals(tr.state()) ? "FAILED: " : "last failure: ") + tr.failure());
        }
        for (Status.TargetStatus target : s.targets()) {
            String reach = !target.running() ? "sink not running"
                    : !s.running() ? "sink running elsewhere"
                    : target.reachable() ? "reachable" : "UNREACHABLE since " + target.unreachableSince();
            lines.add(String.format("target %-10s %s  lag %,d  retries %,d  dead letters %,d (%s)", target.name(),
                    reach, target.lag(), target.retries(), target.deadLetters(), target.deadLetterTopic()));
            for (Status.TargetTable t : target.tables()) {
                lines.add(String.format("  table %-28s changes applied %,d  lag %,d records  dead-lettered %,d  mapped topic %,d records written%s",
                        t.table(), t.applied(), t.lag(), t.deadLettered(), t.mappedRecords(),
                        t.freshness().isEmpty() ? "" : "  " + t.freshness()));
            }
            if (target.lastError() != null) {
                lines.add("target " + target.name() + " last error: " + target.lastError());
            }
        }
        return lines;
    }
}
