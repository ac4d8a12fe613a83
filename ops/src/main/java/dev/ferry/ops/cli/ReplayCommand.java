package dev.ferry.ops.cli;

import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.replay.Replay;
import dev.ferry.ops.replay.GroupReset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry replay}: re-runs a target's sink from the mapped topics, or the transform from the
 * raw topics, without reading the source again.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Re-run a migration from Kafka, without reading the source again.",
                "  --target NAME    rewinds the sink of NAME and applies its mapped topics again (into NAME, or "
                        + "--into another target, e.g. a fresh database);",
                "  --transform      rewinds the transform and maps the raw topics again (after a mapping change).",
                "Refuses while the stage it would rewind is running. Runs until caught up, then exits."})
public final class ReplayCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--target", description = "the target whose mapped topics are replayed")
    String target;

    @Option(names = "--into", description = "apply them into this other target instead (its sink must be stopped)")
    String into;

    @Option(names = "--transform", description = "replay the transform from the raw topics instead")
    boolean transform;

    @Option(names = "--from", description = "earliest (default), an ISO-8601 instant or epoch milliseconds: "
            + "the first record time to read again")
    String from = "earliest";

    @Option(names = "--timeout", description = "longest wait to catch up, in seconds (default: ${DEFAULT-VALUE})")
    long timeoutSeconds = 3600;

    @Option(names = "--state-dir", description = "local state directory (default: ${DEFAULT-VALUE})")
    Path stateDir = Path.of(".ferry");

    @Override
    public Integer call() throws Exception {
        if (transform == (target != null)) {
            throw Refusal.usage("ferry replay: say either --target NAME or --transform");
        }
        if (into != null && target == null) {
            throw Refusal.usage("ferry replay: --into needs --target");
        }
        GroupReset.From start;
        try {
            start = GroupReset.From.parse(from);
        } catch (IllegalArgumentException e) {
            throw Refusal.usage("ferry replay: " + e.getMessage());
        }
        FerryConfig loaded = config.load();
        for (String name : new String[]{target, into}) {
            if (name != null && loaded.target(name).isEmpty()) {
                throw Refusal.usage("ferry replay: no target '" + name + "' in " + config.file() + " (targets: "
                        + loaded.targets().stream().map(t -> t.name()).toList() + ")");
            }
        }
        StageConfigs configs = new StageConfigs(loaded, stateDir);
        Replay replay = new Replay(configs, System.out, System.console() != null, Duration.ofSeconds(timeoutSeconds));
        Replay.Outcome outcome = transform ? replay.transform(start) : replay.sink(target, Optional.ofNullable(into).orElse(target), start);
        if (outcome.refused() != null) {
            throw Refusal.failed("ferry replay: " + outcome.refused());
        }
        System.out.println(outcome.summary());
        return outcome.caughtUp() ? ExitCode.OK : ExitCode.SOFTWARE;
    }
}
