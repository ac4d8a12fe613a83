package dev.ferry.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.ops.config.FerryConfig;
import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.ops.status.KafkaInspector;
import dev.ferry.ops.status.Status;
import dev.ferry.ops.status.StatusCollector;
import dev.ferry.ops.status.StatusText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ferry status}: the pipeline's status from its running process ({@code /status}), or, when
 * none answers, from Kafka alone (lag, dead letters, topic sizes).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the pipeline's status: from the running pipeline's HTTP port, or from Kafka when it is not running.")
public final class StatusCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "print the status as JSON (the same document as /status)")
    boolean json;

    @Option(names = "--url", description = "the running pipeline's status URL (default: http://localhost:<http.port>/status)")
    URI url;

    @Override
    public Integer call() throws Exception {
        FerryConfig loaded = config.load();
        Optional<Status> status = fromRunningPipeline(loaded);
        if (status.isEmpty()) {
            StageConfigs configs = new StageConfigs(loaded, Path.of(".ferry"));
            try (KafkaInspector kafka = new KafkaInspector(configs)) {
                status = Optional.of(new StatusCollector(configs, null, null).collect(kafka.read()));
            } catch (IllegalStateException e) {
                throw Refusal.failed("ferry status: no pipeline answers and " + e.getMessage());
            }
        }
        if (json) {
            System.out.println(JSON.writeValueAsString(status.get()));
        } else {
            StatusText.lines(status.get()).forEach(System.out::println);
        }
        return ExitCode.OK;
    }

    private Optional<Status> fromRunningPipeline(FerryConfig config) throws InterruptedException {
        URI where = url != null ? url : config.http().port() == 0 ? null
                : URI.create("http://localhost:" + config.http().port() + "/status");
        if (where == null) {
            return Optional.empty();
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(where).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                System.err.println("ferry status: " + where + " answered " + response.statusCode() + "; reading Kafka instead");
                return Optional.empty();
            }
            Status status = JSON.readValue(response.body(), Status.class);
            String prefix = config.kafka().topicPrefix();
            if (!prefix.equals(status.topicPrefix())) {
                System.err.println("ferry status: the pipeline answering at " + where + " has topic prefix '"
                        + status.topicPrefix() + "', not '" + prefix + "'; reading Kafka instead");
                return Optional.empty();
            }
            return Optional.of(status);
        } catch (ConnectException | HttpTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            System.err.println("ferry status: cannot read " + where + " (" + e.getMessage() + "); reading Kafka instead");
            return Optional.empty();
        }
    }
}
