package dev.ferry.ops.cli;

import picocli.CommandLine.ExitCode;

/**
 * A command refuses to go on, for a reason its message says in one line: thrown from a command,
 * printed without a stack trace, and turned into the exit status by {@link ExitCodes}.
 */
public final class Refusal extends RuntimeException {

    private final int exitCode;

    private Refusal(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** Bad usage or a bad config: exit 2. */
    public static Refusal usage(String message) {
        return new Refusal(ExitCode.USAGE, message);
    }

    /** The work cannot be done: exit 1. */
    public static Refusal failed(String message) {
        return new Refusal(ExitCode.SOFTWARE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
