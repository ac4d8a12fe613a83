package dev.ferry.transform;

import dev.ferry.schemas.supervision.StageState;

/**
 * Counters of the transform, per target table ({@code <target>.<table>}) and per rule. Called from
 * stream threads: implementations are thread-safe and cheap.
 */
public interface TransformMetrics {

    /** A row passed every error rule and was written. */
    void recordValid(String table);

    /** A record was dead-lettered; {@code ruleId} is the rule reported in its {@code ferry.rule} header ({@code decode} when it could not be decoded). */
    void recordInvalid(String table, String ruleId);

    /** A row was left out by the table's filter. */
    void recordFiltered(String table);

    /** A rule of severity warn failed (the row went on). */
    void recordWarned(String table, String ruleId);

    /** The transform's supervised state: running, restarting after an unexpected failure, or FAILED. */
    default void recordStageState(StageState state) {
    }

    /** Counts nothing. */
    TransformMetrics NONE = new TransformMetrics() {
        @Override
        public void recordValid(String table) {
        }

        @Override
        public void recordInvalid(String table, String ruleId) {
        }

        @Override
        public void recordFiltered(String table) {
        }

        @Override
        public void recordWarned(String table, String ruleId) {
        }
    };
}
