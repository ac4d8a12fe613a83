package dev.ferry.transform.validation;

/** What a failed rule does to its record. */
public enum Severity {
    /** The record goes to the transform dead-letter topic instead of the target. */
    ERROR,
    /** The record goes on to the target; the failure is counted. */
    WARN
}
