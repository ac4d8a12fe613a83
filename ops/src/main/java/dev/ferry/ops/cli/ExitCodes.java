package dev.ferry.ops.cli;

import dev.ferry.ops.config.ConfigException;
import dev.ferry.schemas.Failures;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParseResult;

/**
 * Exit status of every {@code ferry} command: 0 success ({@link ExitCode#OK}), 1 the work failed
 * ({@link ExitCode#SOFTWARE}), 2 bad usage or a bad config ({@link ExitCode#USAGE}). Commands
 * return the first two; a {@link Refusal} or a {@link ConfigException} thrown from a command is
 * printed as its one-line message (no stack trace) and mapped here. Anything else is a bug: its
 * stack trace is printed and the status is 1.
 */
public final class ExitCodes implements IExitCodeExceptionMapper, IExecutionExceptionHandler {

    @Override
    public int getExitCode(Throwable e) {
        if (e instanceof Refusal r) {
            return r.exitCode();
        }
        if (e instanceof ConfigException || e instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE;
        }
        return ExitCode.SOFTWARE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (e instanceof Refusal || e instanceof ConfigException) {
            if (e.getMessage() != null && !e.getMessage().isEmpty()) {
                err.println(e.getMessage());
            }
        } else {
            err.println("ferry " + command.getCommandName() + ": unexpected failure: " + Failures.describe(e));
            e.printStackTrace(err);
        }
        err.flush();
        return getExitCode(e);
    }
}
