package dev.ferry.ops.cli;

import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.verify.VerifyException;
import dev.ferry.ops.verify.VerifyReport;
import dev.ferry.ops.verify.Verifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry verify}: proves the target equals the source, or names the keys that differ. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare every mapped target table with its source, through the pipeline's own mapping; "
                + "exit 0 when identical, 1 when not.")
public final class VerifyCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--table", description = "verify only this target table (repeatable)")
    List<String> tables = List.of();

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Option(names = "--settle", description = "seconds a difference may take to settle while the pipeline streams (default: ${DEFAULT-VALUE})")
    int settleSeconds = 10;

    @Option(names = "--method", description = "hash (key ranges hashed inside both databases, differing ranges and "
            + "tables that cannot be hashed compared row by row) or rows (every row read and compared) (default: ${DEFAULT-VALUE})")
    String method = "hash";

    @Override
    public Integer call() throws Exception {
        FerryConfig loaded = config.load();
        List<String> known = loaded.effectiveMappings().stream().flatMap(m -> java.util.stream.Stream.of(m.targetTable(), m.to()))
                .distinct().toList();
        List<String> unknown = tables.stream().filter(t -> !known.contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw Refusal.usage("ferry verify: --table: no mapped table named " + String.join(", ", unknown)
                    + "; the mapped tables are " + String.join(", ", loaded.effectiveMappings().stream().map(m -> m.to()).toList()));
        }
        if (!method.equals("hash") && !method.equals("rows")) {
            throw Refusal.usage("ferry verify: --method must be hash or rows, got '" + method + "'");
        }
        try {
            StageConfigs configs = new StageConfigs(loaded, Path.of(".ferry"));
            Verifier verifier = new Verifier(configs, Duration.ofSeconds(settleSeconds), method.equals("hash"));
            VerifyReport report = verifier.verify(tables, t -> {
                if (!json) {
                    System.err.printf("verified %s: %s%n", t.table(), t.outcome());
                }
            });
            System.out.print(json ? report.toJson() + "\n" : report.toText());
            // warnings, not differences: with --json they go to standard error, beside the progress lines
            SchemaWarnings.print(configs, tables, json ? System.err : System.out);
            return report.identical() ? ExitCode.OK : ExitCode.SOFTWARE;
        } catch (VerifyException e) {
            throw Refusal.failed("ferry verify: " + e.getMessage());
        }
    }
}
