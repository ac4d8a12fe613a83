package dev.ferry.ops.cli;

import dev.ferry.capture.CaptureConfig;
import dev.ferry.capture.CaptureException;
import dev.ferry.capture.SnapshotSignals;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.pipeline.StageConfigs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry snapshot}: asks the capture of one source for an incremental snapshot of some of its
 * tables while changes keep streaming. Writes the request to the source's signal topic and returns;
 * the running capture (wherever it runs) reads it and shows the rows read again in its progress.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Re-snapshot tables of one source while changes keep streaming (Debezium incremental snapshot).")
public final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--source", required = true, description = "the source whose tables are snapshotted again")
    String source;

    @Option(names = "--table", required = true, description = "schema.table of that source (repeatable)")
    List<String> tables;

    @Override
    public Integer call() throws Exception {
        FerryConfig loaded = config.load();
        StageConfigs configs = new StageConfigs(loaded, Path.of(".ferry"));
        Optional<CaptureConfig> capture = configs.captures().stream().filter(c -> c.source().equals(source)).findFirst();
        if (capture.isEmpty()) {
            throw Refusal.usage("ferry snapshot: --source: unknown source '" + source + "', expected one of: "
                    + String.join(", ", configs.captures().stream().map(CaptureConfig::source).toList()));
        }
        List<String> unknown = tables.stream().filter(t -> !capture.get().tables().contains(t)).toList();
        if (!unknown.isEmpty()) {
            throw Refusal.usage("ferry snapshot: --table: source " + source + " does not capture " + unknown
                    + "; it captures " + capture.get().tables());
        }
        try {
            SnapshotSignals.requestIncrementalSnapshot(configs.kafka(), source, List.copyOf(tables));
        } catch (CaptureException e) {
            throw Refusal.failed("ferry snapshot: " + e.getMessage());
        }
        System.out.println("ferry snapshot: requested an incremental snapshot of " + tables + " from source " + source
                + " (" + configs.kafka().topics().signals(source) + "); the running capture shows its progress");
        return ExitCode.OK;
    }
}
