package dev.ferry.ops.cli;

import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.cutover.Cutover;
import dev.ferry.ops.cutover.CutoverReport;
import dev.ferry.ops.cutover.SourceRelease;
import dev.ferry.ops.pipeline.StageConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry cutover}: proves the target has everything up to now (READY) or says what is
 * missing (NOT READY); {@code --finish} drains what still reaches the old source after the switch,
 * then stops the pipeline.
 */
@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = "Prove the targets hold every change up to now and equal their sources (READY), or say what is "
                + "missing (NOT READY, exit 1). With --finish: drain what still arrives after the switch, then stop the pipeline.")
public final class CutoverCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--freeze-source", description = "first make the sources read-only for application writes")
    boolean freeze;

    @Option(names = "--unfreeze-source", description = "make the sources writable again, and do nothing else")
    boolean unfreeze;

    @Option(names = "--release-source", description = "after the migration: drop what capture keeps in each source "
            + "(PostgreSQL replication slot and publication, signalling table) and its capture state in Kafka, "
            + "and do nothing else; a source still captured is left alone (exit 1)")
    boolean release;

    @Option(names = "--accept-dead-letters", description = "do not let pending dead letters block READY")
    boolean acceptDeadLetters;

    @Option(names = "--timeout", description = "longest wait for snapshot and drain, in seconds (default: ${DEFAULT-VALUE})")
    int timeoutSeconds = 600;

    @Option(names = "--settle", description = "seconds verify lets a difference settle (default: ${DEFAULT-VALUE})")
    int settleSeconds = 10;

    @Option(names = "--finish", description = "after the switch: drain until the source is quiet, then stop the pipeline")
    boolean finish;

    @Option(names = "--quiet", description = "with --finish: seconds without new changes that mean quiet (default: ${DEFAULT-VALUE})")
    int quietSeconds = 30;

    @Option(names = "--report-dir", description = "write the cutover report (Markdown and JSON) into this directory")
    Path reportDir;

    @Option(names = "--json", description = "print the cutover report as JSON (the document --report-dir writes) "
            + "on standard output, and the progress lines on standard error")
    boolean json;

    @Override
    public Integer call() throws Exception {
        FerryConfig loaded = config.load();
        if (timeoutSeconds < 1 || quietSeconds < 0 || settleSeconds < 0) {
            throw Refusal.usage("ferry cutover: --timeout must be at least 1, --quiet and --settle at least 0");
        }
        if (json && (unfreeze || release)) {
            throw Refusal.usage("ferry cutover: --json goes with the cutover check or --finish, not with "
                    + (unfreeze ? "--unfreeze-source" : "--release-source"));
        }
        StageConfigs configs = new StageConfigs(loaded, Path.of(".ferry"));
        java.io.PrintStream progress = json ? System.err : System.out;
        Cutover cutover = new Cutover(configs,
                new Cutover.Options(freeze, Duration.ofSeconds(timeoutSeconds), acceptDeadLetters,
                        Duration.ofSeconds(settleSeconds)), progress);
        if (unfreeze) {
            cutover.unfreeze();
            return ExitCode.OK;
        }
        if (release) {
            return new SourceRelease(configs, System.out).run() ? ExitCode.OK : ExitCode.SOFTWARE;
        }
        CutoverReport report = finish ? cutover.finish(Duration.ofSeconds(quietSeconds)) : cutover.run();
        if (json) {
            System.out.println(report.toJson());
        } else {
            System.out.println(report.summary());
        }
        if (reportDir != null) {
            progress.println("report: " + report.writeTo(reportDir));
        }
        return report.ready() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
}
