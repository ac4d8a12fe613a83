package dev.ferry.transform;

import dev.ferry.transform.validation.Violation;
import java.util.List;

/** What {@link ChangeTransformer} decides for one raw record. */
public sealed interface Outcome {

    /** Write {@code change} to the mapped topic; {@code warnings} failed but do not stop it. */
    record Write(MappedChange change, List<Violation> warnings) implements Outcome {
        public Write {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The filter left the row out. {@code tombstone} is non-null for an update: the row may have
     * passed the filter before, so the target must not keep a stale copy.
     */
    record Filtered(MappedChange tombstone) implements Outcome {
    }

    /** Nothing to write (a raw tombstone, or a delete under {@code delete: ignore}). */
    record Skipped() implements Outcome {
    }

    /**
     * The record must go to the dead-letter topic.
     *
     * @param errors the failed error rules, never empty; the first is reported in {@code ferry.rule}
     * @param warnings failed warn rules
     * @param errorClass what failed, for {@code ferry.error.class}: the class of the first failed rule
     */
    record Rejected(List<Violation> errors, List<Violation> warnings, String errorClass) implements Outcome {
        public Rejected {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        /** Every error message, joined. */
        public String message() {
            return String.join("; ", errors.stream().map(v -> v.ruleId() + ": " + v.message()).toList());
        }
    }
}
