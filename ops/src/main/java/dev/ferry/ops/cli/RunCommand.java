package dev.ferry.ops.cli;

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
import java.util.Set;
import java.util.TreeSet;
import dev.ferry.ops.check.Preflight;
import dev.ferry.schemas.retry.RetryPolicy;
import dev.ferry.ops.dlq.DeadLetterFilter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.ferry.ops.cutover.ControlListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ferry run}: runs the pipeline (or some of its stages) until stopped by SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline: capture, transform and sink in one process, or one stage with --stage.")
public final class RunCommand implements Callable<Integer> {

    /** Restarts of the cutover control listener after unexpected failures before the run fails. */
    static final int CONTROL_RESTART_ATTEMPTS = 3;

    @Mixin
    ConfigOption config;

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
        FerryConfig loaded = config.load();
        System.out.println("ferry: running " + (stages.isEmpty() ? "all stages" : stages) + " of " + config.file()
                + (sources.isEmpty() ? "" : ", capture of sources " + sources));
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw Refusal.usage("ferry run: --http-port must be 0..65535, got " + httpPort);
        }
        FerryConfig pipelineConfig = httpPort == null ? loaded : loaded.withHttpPort(httpPort);
        System.out.println(pipelineConfig.toDisplayString());
        StageConfigs stageConfigs = new StageConfigs(pipelineConfig, stateDir);
        Set<Stage> chosen = stages.isEmpty() ? EnumSet.allOf(Stage.class) : EnumSet.copyOf(stages);
        Set<String> known = new TreeSet<>();
        stageConfigs.captures().forEach(c -> known.add(c.source()));
        for (String source : sources) {
            if (!known.contains(source)) {
                throw Refusal.usage("ferry run: --source: unknown source '" + source + "', expected one of: "
                        + String.join(", ", known));
            }
        }
        boolean kafkaAnswered = preflight(stageConfigs, chosen, sources.isEmpty() ? known : Set.copyOf(sources));
        FerryMetrics metrics = new FerryMetrics();
        if (chosen.contains(Stage.TRANSFORM)) {
            metrics.expectTransform(stageConfigs.tableMappings());
        }
        if (chosen.contains(Stage.SINK)) {
            metrics.expectSinks(stageConfigs.tableMappings(), DeadLetterFilter.SINK_CAUSES);
        }
        Pipeline pipeline = new Pipeline(stageConfigs, chosen, Set.copyOf(sources), metrics.sink(), metrics.transform());
        PipelineServer server;
        try {
            server = new PipelineServer(pipeline, metrics, pipelineConfig.http().port());
        } catch (UncheckedIOException e) {
            metrics.close();
            throw Refusal.failed("ferry run: " + e.getMessage() + " (set http.port in the config, or --http-port; "
                    + "0 picks a free port)");
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
        // SIGTERM and Ctrl-C stop cleanly and exit 0; the hook covers whatever else ends the JVM.
        StopSignals.onStop(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "ferry-shutdown"));
        AtomicBoolean stageFailed = new AtomicBoolean();
        pipeline.onStageFailed(() -> {
            stageFailed.set(true);
            System.err.println("ferry run: a stage has FAILED after its restarts (see /status and the log); stopping");
            new Thread(stop, "ferry-stop").start();
        });
        System.out.println("ferry: dashboard http://localhost:" + server.port() + "/  status /status  metrics /metrics");
        if (!kafkaAnswered && !awaitKafka(stageConfigs, stopped)) {
            return ExitCode.OK;
        }
        pipeline.start();
        System.out.println("ferry: stages started");
        // ferry cutover --finish asks a running pipeline to stop through the control topic.
        // Supervised: if it fails for good, cutover --finish could no longer stop us; say so and stop.
        ControlListener control = new ControlListener(pipeline.configs().kafka(), () -> new Thread(stop, "ferry-stop").start(),
                cause -> {
                    stageFailed.set(true);
                    System.err.println("ferry run: the cutover control listener has FAILED (" + cause
                            + "): ferry cutover --finish could no longer stop this pipeline; stopping");
                    new Thread(stop, "ferry-stop").start();
                }, CONTROL_RESTART_ATTEMPTS).start();
        boolean terminal = System.console() != null;
        try (var printer = new ProgressView.Printer(new ProgressView(pipeline, server::status), System.out, terminal,
                Duration.ofSeconds(terminal ? 1 : 10))) {
            stopped.await();
        }
        control.close();
        return stageFailed.get() ? ExitCode.SOFTWARE : ExitCode.OK;
    }

    /**
     * Before the stages start (their first step creates topics): while Kafka does not answer or
     * refuses Ferry's sign-in, waits with {@link RetryPolicy#DEFAULT}'s backoff (at most 30 s
     * between checks), saying so once per change of what Kafka answers; {@code /status} shows the
     * outage meanwhile. A stop ends the wait.
     *
     * @return false when the run was stopped while waiting
     */
    private static boolean awaitKafka(StageConfigs configs, CountDownLatch stopped) throws InterruptedException {
        Preflight preflight = new Preflight(configs);
        String said = "";
        for (int attempt = 1; ; attempt++) {
            Preflight.Outcome kafka = preflight.kafka();
            if (stopped.getCount() == 0) {
                return false;
            }
            if (kafka.kind() != Preflight.Kind.UNREACHABLE || kafka.ok()) {
                if (!said.isEmpty()) {
                    System.out.println("ferry: Kafka answers; starting the stages");
                }
                return true;
            }
            String problem = String.join("; ", kafka.problems());
            if (!problem.equals(said)) {
                System.out.println("ferry: waiting for Kafka (" + kafka.address() + "): " + problem);
                said = problem;
            }
            if (stopped.await(RetryPolicy.DEFAULT.delay(attempt).toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
    }

    /**
     * The checks of {@code ferry check} for the stages this process runs. A part that answers and
     * is not set up for Ferry can never work by waiting: refused, nothing starts. A part that does
     * not answer is an outage the stages wait out: warned, and the run starts.
     *
     * @return whether Kafka answered and let Ferry in
     * @throws Refusal when the run is refused (exit 2 for the config, 1 for the environment)
     */
    private static boolean preflight(StageConfigs configs, Set<Stage> stages, Set<String> sources) {
        Preflight.Scope scope = new Preflight.Scope(stages.contains(Stage.CAPTURE) ? sources : Set.of(),
                stages.contains(Stage.TRANSFORM), stages.contains(Stage.SINK));
        System.out.println("ferry: preflight (the checks of ferry check)");
        List<Preflight.Outcome> outcomes = new Preflight(configs).run(scope, o -> PreflightReport.print(o, System.out));
        long config = PreflightReport.count(outcomes, Preflight.Kind.CONFIG);
        long environment = PreflightReport.count(outcomes, Preflight.Kind.ENVIRONMENT);
        long unreachable = PreflightReport.count(outcomes, Preflight.Kind.UNREACHABLE);
        if (config + environment > 0) {
            String message = "ferry run: refused, nothing started: " + PreflightReport.problems(config + environment)
                    + " above that waiting cannot fix; change what they say and run again";
            throw config > 0 ? Refusal.usage(message) : Refusal.failed(message);
        }
        if (unreachable > 0) {
            System.out.println("ferry: starting although " + PreflightReport.problems(unreachable).replace("problems", "parts")
                    .replace("problem", "part") + " above did not answer: the stages retry until they do");
        }
        return outcomes.stream().noneMatch(o -> o.subject().equals("kafka") && !o.ok() && o.kind() == Preflight.Kind.UNREACHABLE);
    }
}
