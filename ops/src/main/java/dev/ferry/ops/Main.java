package dev.ferry.ops;

import dev.ferry.ops.cli.BenchCommand;
import dev.ferry.ops.cli.CheckCommand;
import dev.ferry.ops.cli.DemoCommand;
import dev.ferry.ops.cli.CutoverCommand;
import dev.ferry.ops.cli.DlqCommand;
import dev.ferry.ops.cli.ReplayCommand;
import dev.ferry.ops.cli.StatusCommand;
import dev.ferry.ops.cli.RunCommand;
import dev.ferry.ops.cli.SnapshotCommand;
import dev.ferry.ops.cli.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ferry} command line. Exit status: 0 success, 1 the work failed, 2 bad usage or config.
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, version = "ferry 0.1.0",
        description = "Moves a live database to a new one through Kafka, and keeps them in sync until cutover.",
        subcommands = {CheckCommand.class, RunCommand.class, StatusCommand.class, VerifyCommand.class,
                CutoverCommand.class, DlqCommand.class, ReplayCommand.class, SnapshotCommand.class, DemoCommand.class, BenchCommand.class})
public final class Main {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (for tests and embedding). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }
}
