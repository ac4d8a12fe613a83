package dev.ferry.ops;

import dev.ferry.ops.cli.BenchCommand;
import dev.ferry.ops.cli.CheckCommand;
import dev.ferry.ops.cli.DemoCommand;
import dev.ferry.ops.cli.CutoverCommand;
import dev.ferry.ops.cli.DlqCommand;
import dev.ferry.ops.cli.ExitCodes;
import dev.ferry.ops.cli.ReplayCommand;
import dev.ferry.ops.cli.StatusCommand;
import dev.ferry.ops.cli.RunCommand;
import dev.ferry.ops.cli.SnapshotCommand;
import dev.ferry.ops.cli.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ferry} command line. Exit status: 0 success, 1 the work failed, 2 bad usage or config
 * (see {@link ExitCodes}).
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, version = "ferry " + Version.NUMBER,
        description = "Moves a live database to a new one through Kafka, and keeps them in sync until cutover.",
        subcommands = {CheckCommand.class, RunCommand.class, StatusCommand.class, VerifyCommand.class,
                CutoverCommand.class, DlqCommand.class, ReplayCommand.class, SnapshotCommand.class, DemoCommand.class, BenchCommand.class})
public final class Main {

    /** Exit status of success (picocli's {@link CommandLine.ExitCode#OK}); for callers that embed the CLI. */
    public static final int OK = CommandLine.ExitCode.OK;
    /** Exit status when the work failed ({@link CommandLine.ExitCode#SOFTWARE}). */
    public static final int FAILED = CommandLine.ExitCode.SOFTWARE;
    /** Exit status of bad usage or a bad config ({@link CommandLine.ExitCode#USAGE}). */
    public static final int BAD_USAGE = CommandLine.ExitCode.USAGE;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line as {@code ferry} parses and runs it (help with examples, exit codes). */
    public static CommandLine commandLine() {
        ExitCodes exitCodes = new ExitCodes();
        return dev.ferry.ops.cli.CommandHelp.apply(new CommandLine(new Main())).setCaseInsensitiveEnumValuesAllowed(true)
                .setExitCodeExceptionMapper(exitCodes)
                .setExecutionExceptionHandler(exitCodes);
    }
}
