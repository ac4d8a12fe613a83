package dev.ferry.ops.status;

import java.util.List;

/**
 * The state of a pipeline as {@code /status} and {@code ferry status} report it (serialised to JSON
 * as is). Counts are since the serving process started; sizes and lag come from Kafka.
 *
 * @param at when the status was taken (ISO-8601)
 * @param topicPrefix the pipeline's topic prefix (tells pipelines sharing a host apart)
 * @param running true when read from a running pipeline, false when read from Kafka alone
 * @param registry the schema registry as the running pipeline sees it; null when read from Kafka alone
 * @param sources per source, its tables
 * @param transform the transform stage
 * @param targets per target, its tables
 */
public record Status(String at, String topicPrefix, boolean running, RegistryStatus registry, KafkaStatus kafka,
                     List<SourceStatus> sources, TransformStatus transform, List<TargetStatus> targets) {

    /**
     * @param bootstrapServers where the pipeline reaches Kafka
     * @param reachable false while Kafka cannot be read (broker down, network): lag and topic sizes
     *     are then those of {@code readAt}
     * @param unreachableSince since when (ISO-8601), null while reachable
     * @param lastError why the last read failed, null while reachable
     * @param readAt when lag and topic sizes were last read (ISO-8601), null before the first read
     */
    public record KafkaStatus(String bootstrapServers, boolean reachable, String unreachableSince, String lastError,
                              String readAt) {
    }

    /**
     * @param reachable false while the stages wait for a registry that does not answer
     * @param unavailableSince since when (ISO-8601), null while reachable
     * @param lastError why it was last unavailable, null if never
     */
    public record RegistryStatus(String url, boolean reachable, String unavailableSince, String lastError) {
    }

    /**
     * @param lastPosition source position of the last change captured, null if none or not running
     * @param lastError the capture engine's last failure, null if none
     */
    public record SourceStatus(String name, String lastPosition, String lastError, List<SourceTable> tables) {
    }

    /**
     * @param table {@code schema.table}
     * @param phase starting, snapshotting, streaming, failing, or stopped (not captured by a running process)
     * @param snapshotPercent 0..100, or -1 when unknown
     * @param rawRecords records held by the raw topic
     * @param tooLarge changes too large for Kafka that capture dead-letters instead (since this process started)
     */
    public record SourceTable(String table, String phase, long snapshotRows, long estimatedRows,
                              double snapshotPercent, long changes, String lastChangeAt, String rawTopic,
                              long rawRecords, long tooLarge) {
    }

    /**
     * @param state Kafka Streams state (RUNNING, REBALANCING...) in the serving process, or
     *     RESTARTING (after an unexpected failure) or FAILED (for good: {@code /health} answers 503);
     *     read from Kafka: RUNNING ELSEWHERE (n members) when its group has members, else STOPPED
     * @param lag records of the raw topics the transform has still to map
     * @param deadLetters records in the transform dead-letter topic
     * @param failure the unexpected failure behind RESTARTING or FAILED (the last one), else null
     */
    public record TransformStatus(String state, long lag, long deadLetters, String deadLetterTopic, String failure) {

        /** Without a failure to report. */
        public TransformStatus(String state, long lag, long deadLetters, String deadLetterTopic) {
            this(state, lag, deadLetters, deadLetterTopic, null);
        }
    }

    /**
     * @param running whether the target's sink runs: in the serving process, or anywhere (its
     *     consumer group has members) when read from Kafka
     * @param reachable false while the sink retries a target that does not answer
     * @param unreachableSince since when the target does not answer (ISO-8601), null while reachable
     * @param lag records of the mapped topics the sink has still to apply
     * @param deadLetters records in the target's dead-letter topic
     * @param state the sink in the serving process: {@code running}, {@code restarting} (after an
     *     unexpected failure) or {@code failed} (for good: {@code /health} answers 503); {@code stopped}
     *     or {@code running elsewhere} when not run by the serving process
     * @param failure the unexpected failure behind {@code restarting} or {@code failed}, else null
     */
    public record TargetStatus(String name, boolean running, boolean reachable, String unreachableSince,
                               String lastError, long retries, long lag, long deadLetters, String deadLetterTopic,
                               List<TargetTable> tables, String state, String failure) {

        /** Without a sink in the serving process to say more. */
        public TargetStatus(String name, boolean running, boolean reachable, String unreachableSince, String lastError,
                            long retries, long lag, long deadLetters, String deadLetterTopic, List<TargetTable> tables) {
            this(name, running, reachable, unreachableSince, lastError, retries, lag, deadLetters, deadLetterTopic,
                    tables, running ? "running" : "stopped", null);
        }
    }

    /**
     * The stages of the serving process that have FAILED for good, one line each ({@code sink fresh:
     * <cause>}, {@code transform: <cause>}); empty while healthy. {@code /health} answers 503 when not empty.
     */
    public List<String> failures() {
        List<String> failed = new java.util.ArrayList<>();
        for (TargetStatus t : targets) {
            if ("failed".equals(t.state())) {
                failed.add("sink " + t.name() + ": " + t.failure());
            }
        }
        if (transform != null && "FAILED".equals(transform.state())) {
            failed.add("transform: " + transform.failure());
        } else if (transform != null && "ERROR".equals(transform.state())) {
            failed.add("transform: Kafka Streams is in state ERROR");
        }
        return failed;
    }

    /**
     * @param mappedRecords records held by the mapped topic
     * @param applied rows applied since the serving process started
     * @param deadLettered rows dead-lettered since the serving process started
     * @param lag records of the mapped topic still to apply
     * @param replicationLagMs source commit to target commit of the last applied change, -1 if none
     * @param lastChangeAt when the last applied change was committed in the source (ISO-8601), null if none
     * @param idle nothing left to apply and no change applied for {@link LastChange#IDLE_AFTER}: then
     *     {@code replicationLagMs} is that of a past change, not a lag now
     * @param truncated source truncates applied since the serving process started
     * @param truncatesIgnored source truncates left alone ({@code truncate: ignore}) since then
     */
    public record TargetTable(String table, String mappedTopic, long mappedRecords, long applied, long deadLettered,
                              long lag, long replicationLagMs, String lastChangeAt, boolean idle,
                              long truncated, long truncatesIgnored) {

        /** Without truncates. */
        public TargetTable(String table, String mappedTopic, long mappedRecords, long applied, long deadLettered,
                           long lag, long replicationLagMs, String lastChangeAt, boolean idle) {
            this(table, mappedTopic, mappedRecords, applied, deadLettered, lag, replicationLagMs, lastChangeAt, idle,
                    0, 0);
        }

        /** {@code replication lag 1.2 s}, {@code idle, last change at ...}, or empty before the first change. */
        public String freshness() {
            return LastChange.describe(replicationLagMs, idle, lastChangeAt);
        }
    }
}
