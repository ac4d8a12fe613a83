package dev.ferry.transform.validation;

import java.util.Objects;

/**
 * One failed rule.
 *
 * @param ruleId the id of the rule (as configured), or {@code columns.<column>.cast} for a failed cast
 * @param severity what the failure does
 * @param message what failed, naming the column and the value
 */
public record Violation(String ruleId, Severity severity, String message) {

    public Violation {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }
}
