package dev.ferry.ops.cli;

import dev.ferry.ops.check.Preflight;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.pipeline.StageConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry check}: before a run, is everything there and set up for it? */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check the config, then that Kafka, the registry, every source and every target answer and are "
                + "set up for the pipeline (changes nothing); exit 0 when all is ready, 1 when not, 2 for a bad config (including a mapping naming a column its table lacks, or a registry URL where no registry API answers).")
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "print the outcome as one JSON document (see the README): "
            + "config, ready, problems, parts[] (subject, address, ok, kind, problems[])")
    boolean json;

    @Override
    public Integer call() throws Exception {
        FerryConfig loaded = config.load();
        if (!json) {
            System.out.println("config     " + config.file() + ": ok");
        }
        StageConfigs configs = new StageConfigs(loaded, Path.of(".ferry"));
        List<Preflight.Outcome> outcomes = new Preflight(configs)
                .run(o -> {
                    if (!json) {
                        PreflightReport.print(o, System.out);
                    }
                });
        long problems = outcomes.stream().mapToLong(o -> o.problems().size()).sum();
        boolean answered = outcomes.stream().noneMatch(o -> o.kind() == Preflight.Kind.UNREACHABLE && !o.ok());
        if (json) {
            if (answered) {
                SchemaWarnings.print(configs, List.of(), System.err);
            }
            JsonOut.print(PreflightReport.document(config.file().toString(), outcomes));
        } else {
            if (answered) {
                SchemaWarnings.print(configs, List.of(), System.out);
            }
            System.out.println(problems == 0 ? "ready: every part answers and is set up"
                    : "not ready: " + PreflightReport.problems(problems) + " above");
        }
        if (PreflightReport.count(outcomes, Preflight.Kind.CONFIG) > 0) {
            return ExitCode.USAGE;
        }
        return problems == 0 ? ExitCode.OK : ExitCode.SOFTWARE;
    }
}
