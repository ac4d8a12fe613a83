package dev.ferry.transform.validation;

import java.util.List;

/** The outcome of validating one row. */
public sealed interface Verdict {

    /** Warnings that did not stop the row (possibly none). */
    List<Violation> warnings();

    /** The row may be written. */
    record Valid(List<Violation> warnings) implements Verdict {
        public Valid {
            warnings = List.copyOf(warnings);
        }
    }

    /** The row must not be written; {@code errors} is never empty. */
    record Invalid(List<Violation> errors, List<Violation> warnings) implements Verdict {
        public Invalid {
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an invalid verdict needs at least one error");
            }
        }
    }

    /** Splits violations by severity into a verdict. */
    static Verdict of(List<Violation> violations) {
        List<Violation> errors = violations.stream().filter(v -> v.severity() == Severity.ERROR).toList();
        List<Violation> warnings = violations.stream().filter(v -> v.severity() == Severity.WARN).toList();
        return errors.isEmpty() ? new Valid(warnings) : new Invalid(errors, warnings);
    }
}
