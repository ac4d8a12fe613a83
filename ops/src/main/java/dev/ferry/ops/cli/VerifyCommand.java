package dev.ferry.ops.cli;

import dev.ferry.ops.Main;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.VerifyException;
import dev.ferry.ops.verify.VerifyReport;
import dev.ferry.ops.verify.Verifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry verify}: proves the target equals the source, or names the keys that differ. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare every mapped target table with its source, through the pipeline's own mapping; "
                + "exit 0 when identical, 1 when not.")
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "the pipeline's ferry.yaml")
    Path config;

    @Option(names = "--table", description = "verify only this target table (repeatable)")
    List<String> tables = List.of();

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--settle", description = "seconds a difference may take to settle while the pipeline streams (default: ${DEFAULT-VALUE})")
    int settleSeconds = 10;

    @Override
    public Integer call() {
        Optional<FerryConfig> loaded = ConfigFiles.load(config, System.err);
        if (loaded.isEmpty()) {
            return Main.BAD_USAGE;
        }
        try {
            Verifier verifier = new Verifier(new StageConfigs(loaded.get(), Path.of(".ferry")), Duration.ofSeconds(settleSeconds));
            VerifyReport report = verifier.verify(tables, t -> {
                if (!json) {
                    System.err.printf("verified %s: %s%n", t.table(), t.identical() ? "identical" : "different");
                }
            });
            System.out.print(json ? report.toJson() + "\n" : report.toText());
            return report.identical() ? Main.OK : Main.FAILED;
        } catch (VerifyException e) {
            System.err.println("ferry verify: " + e.getMessage());
            return Main.FAILED;
        }
    }
}
