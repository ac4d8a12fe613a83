package dev.ferry.ops.cli;

import dev.ferry.ops.Main;
import dev.ferry.ops.check.Preflight;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.pipeline.StageConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry check}: before a run, is everything there and set up for it? */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check the config, then that Kafka, the registry, every source and every target answer and are "
                + "set up for the pipeline (changes nothing); exit 0 when all is ready, 1 when not, 2 for a bad config.")
public final class CheckCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "the pipeline's ferry.yaml")
    Path config;

    @Override
    public Integer call() {
        Optional<FerryConfig> loaded = ConfigFiles.load(config, System.err);
        if (loaded.isEmpty()) {
            return Main.BAD_USAGE;
        }
        System.out.println("config     " + config + ": ok");
        List<Preflight.Outcome> outcomes = new Preflight(new StageConfigs(loaded.get(), Path.of(".ferry")))
                .run(CheckCommand::print);
        long problems = outcomes.stream().mapToLong(o -> o.problems().size()).sum();
        System.out.println(problems == 0 ? "ready: every part answers and is set up"
                : "not ready: " + problems + (problems == 1 ? " problem" : " problems") + " above");
        return problems == 0 ? Main.OK : Main.FAILED;
    }

    private static void print(Preflight.Outcome o) {
        String head = String.format("%-16s %s: ", o.subject(), o.address());
        if (o.ok()) {
            System.out.println(head + "ok");
        } else {
            o.problems().forEach(p -> System.out.println(head + "FAIL " + p));
        }
    }
}
