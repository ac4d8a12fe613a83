package dev.ferry.ops.cli;

import dev.ferry.ops.Main;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.pipeline.Pipeline;
import dev.ferry.ops.pipeline.ProgressView;
import dev.ferry.ops.pipeline.Stage;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.http.PipelineServer;
import dev.ferry.ops.metrics.FerryMetrics;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.ferry.ops.cutover.ControlChannel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry run}: runs the pipeline (or some of its stages) until stopped by SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline: capture, transform and sink in one process, or one stage with --stage.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "the pipeline's ferry.yaml")
    Path config;

    @Option(names = "--stage", description = "run only this stage (capture, transform, sink); repeatable")
    List<Stage> stages = List.of();

    @Option(names = "--source", description = "run the capture of only this source (repeatable; default: every source)")
    List<String> sources = List.of();

    @Option(names = "--state-dir", description = "local state directory (default: ${DEFAULT-VALUE})")
    Path stateDir = Path.of(".ferry");

    @Option(names = "--http-port", description = "serve /metrics, /status and the dashboard on this port "
            + "(default: http.port of the config, 8080; 0 picks a free port)")
    Integer httpPort;

    @Override
    public Integer call() throws Exception {
        Optional<FerryConfig> loaded = ConfigFiles.load(config, System.err);
        if (loaded.isEmpty()) {
            return Main.BAD_USAGE;
        }
        System.out.println("ferry: running " + (stages.isEmpty() ? "all stages" : stages) + " of " + config
                + (sources.isEmpty() ? "" : ", capture of sources " + sources));
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            System.err.println("ferry run: --http-port must be 0..65535, got " + httpPort);
            return Main.BAD_USAGE;
        }
        FerryConfig config = httpPort == null ? loaded.get() : loaded.get().withHttpPort(httpPort);
        System.out.println(config.toDisplayString());
        FerryMetrics metrics = new FerryMetrics();
        Pipeline pipeline;
        try {
            pipeline = new Pipeline(new StageConfigs(config, stateDir),
                    stages.isEmpty() ? EnumSet.allOf(Stage.class) : EnumSet.copyOf(stages), java.util.Set.copyOf(sources),
                    metrics.sink());
        } catch (IllegalArgumentException e) {
            System.err.println("ferry run: --source: " + e.getMessage());
            metrics.close();
            return Main.BAD_USAGE;
        }
        PipelineServer server;
        try {
            server = new PipelineServer(pipeline, metrics, config.http().port());
        } catch (UncheckedIOException e) {
            System.err.println("ferry run: " + e.getMessage() + " (set http.port in the config, or --http-port; "
                    + "0 picks a free port)");
            metrics.close();
            return Main.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                System.out.println("ferry: stopping (flush, commit, close)");
                pipeline.close();
                server.close();
                metrics.close();
                System.out.println("ferry: stopped cleanly");
            }
            stopped.countDown();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "ferry-shutdown"));
        AtomicBoolean stageFailed = new AtomicBoolean();
        pipeline.onStageFailed(() -> {
            stageFailed.set(true);
            System.err.println("ferry run: a stage has FAILED after its restarts (see /status and the log); stopping");
            new Thread(stop, "ferry-stop").start();
        });
        pipeline.start();
        System.out.println("ferry: dashboard http://localhost:" + server.port() + "/  status /status  metrics /metrics");
        // ferry cutover --finish asks a running pipeline to stop through the control topic.
        AutoCloseable control = ControlChannel.listen(pipeline.configs().kafka(), () -> new Thread(stop, "ferry-stop").start());
        boolean terminal = System.console() != null;
        try (var printer = new ProgressView.Printer(new ProgressView(pipeline), System.out, terminal,
                Duration.ofSeconds(terminal ? 1 : 10))) {
            stopped.await();
        }
        control.close();
        return stageFailed.get() ? Main.FAILED : Main.OK;
    }
}
