package dev.ferry.transform;

import dev.ferry.schemas.Failures;
import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.kafka.Topics;
import dev.ferry.schemas.registry.SchemaRegistryUnavailableException;
import dev.ferry.schemas.supervision.RestartBudget;
import dev.ferry.schemas.supervision.StageState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndFailExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transform stage: a lifecycle shell around a Kafka Streams application running
 * {@link TransformTopology} with exactly-once processing. Creates the mapped and dead-letter
 * topics. Supervised: a record that cannot be mapped is a dead letter (the processor's business); a
 * stream thread that dies of anything else (its transaction aborted, its records not committed) is
 * replaced after a pause, up to {@link TransformConfig#restartAttempts()} times in a row
 * ({@link RestartBudget}); then the stage is FAILED ({@link #supervision()}, metrics, {@link #onFailed})
 * and the Kafka Streams client shuts down. A stream thread that dies because the schema registry is
 * unavailable (only while closing: the registry waits out outages) is not counted.
 */
public final class TransformStage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransformStage.class);

    private final TransformConfig config;
    private final AvroCodec codec;
    private final TransformMetrics metrics;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Consumer<String> fault = table -> { };
    private volatile Runnable onFailed = () -> { };
    private volatile StageState supervision = StageState.RUNNING;
    private volatile String failure;
    private final AtomicLong restarts = new AtomicLong();
    private KafkaStreams streams;
    /** This instance's static membership id; each stream thread's member is it plus {@code -<index>}. */
    private final String instanceId;

    /** A stage counting into a fresh {@link CountingTransformMetrics} (see {@link #metrics()}). */
    public TransformStage(TransformConfig config, AvroCodec codec) {
        this(config, codec, new CountingTransformMetrics());
    }

    /** @param metrics receives the counts per table and rule (valid, invalid, filtered, warned) */
    public TransformStage(TransformConfig config, AvroCodec codec, TransformMetrics metrics) {
        this.config = config;
        this.codec = codec;
        this.metrics = metrics;
        this.instanceId = config.kafka().topics().transformApplicationId() + "-" + java.util.UUID.randomUUID();
    }

    /** The counters this stage records into. */
    public TransformMetrics metrics() {
        return metrics;
    }

    /**
     * For fault tests: called on the stream thread with the target table before each record is
     * mapped; an exception it throws is an unexpected failure of the stage. Call before {@link #start()}.
     */
    public TransformStage withFaultHook(Consumer<String> hook) {
        this.fault = hook;
        return this;
    }

    /** Called once, on the failing stream thread, when the stage is FAILED for good. Call before {@link #start()}. */
    public TransformStage onFailed(Runnable listener) {
        this.onFailed = listener;
        return this;
    }

    /** Creates missing topics and starts the application. Returns at once. */
    public synchronized void start() {
        var kafka = config.kafka();
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            List<String> raw = config.mappings().stream().map(TableMapping::rawTopic).distinct().toList();
            List<String> mapped = config.mappings().stream().map(TableMapping::mappedTopic).distinct().toList();
            Topics.ensure(admin, raw, kafka.partitions(), kafka.replicationFactor(), kafka.compactedTopics());
            Topics.ensure(admin, mapped, kafka.partitions(), kafka.replicationFactor(), kafka.compactedTopics());
            Topics.ensure(admin, List.of(kafka.topics().transformDeadLetters()), kafka.partitions(),
                    kafka.replicationFactor(), kafka.deadLetterTopics());
        }
        streams = new KafkaStreams(
                TransformTopology.build(config.mappings(), kafka.topics().transformDeadLetters(), codec, metrics,
                        Clock.systemUTC(), table -> fault.accept(table)), properties());
        RestartBudget budget = new RestartBudget(config.restartAttempts(), Clock.systemUTC());
        streams.setUncaughtExceptionHandler(e -> supervise(budget, e));
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING && supervision == StageState.RESTARTING) {
                supervision = StageState.RUNNING;
                metrics.recordStageState(StageState.RUNNING);
            }
        });
        metrics.recordStageState(StageState.RUNNING);
        streams.start();
        LOG.info("transform started: {} mappings", config.mappings().size());
    }

    /** The supervisor's decision about a stream thread that died of {@code e}. */
    private StreamThreadExceptionResponse supervise(RestartBudget budget, Throwable e) {
        if (closing.getCount() == 0) {
            LOG.info("transform stream thread stopped while closing: {}", Failures.describe(e));
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        if (SchemaRegistryUnavailableException.isCauseOf(e)) {
            LOG.warn("transform stream thread stopped by an unavailable schema registry; replacing it: {}", Failures.describe(e));
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        Throwable root = rootCause(e);
        String cause = root.getClass().getName() + ": " + Failures.describe(root);
        Optional<Duration> pause = budget.failed();
        if (pause.isEmpty()) {
            LOG.error("transform FAILED after {} restarts: {}", budget.allowed(), cause, e);
            failure = cause;
            supervision = StageState.FAILED;
            metrics.recordStageState(StageState.FAILED);
            onFailed.run();
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        LOG.error("transform failed unexpectedly; restart {} of {} in {} ms from the committed offsets: {}",
                budget.failures(), budget.allowed(), pause.get().toMillis(), cause, e);
        failure = cause;
        restarts.incrementAndGet();
        supervision = StageState.RESTARTING;
        metrics.recordStageState(StageState.RESTARTING);
        leaveGroup(Thread.currentThread().getName());
        try {
            if (closing.await(pause.get().toMillis(), TimeUnit.MILLISECONDS)) {
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /**
     * A static member that dies does not leave its group: its partitions would wait for the
     * session timeout (45 s) before the replacement thread gets them. Removing the dead thread's
     * member ({@code <group.instance.id>-<thread index>}, as Kafka Streams names it) hands them over
     * at once. Best effort: if it fails, the session timeout still does it.
     */
    private void leaveGroup(String threadName) {
        int at = threadName.lastIndexOf("-StreamThread-");
        if (at < 0) {
            return;
        }
        String member = instanceId + "-" + threadName.substring(at + "-StreamThread-".length());
        try (Admin admin = Admin.create(config.kafka().clientConfig())) {
            admin.removeMembersFromConsumerGroup(config.kafka().topics().transformApplicationId(),
                    new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(member))))
                    .all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("transform: could not remove the failed stream thread's member {} from its group (its partitions "
                    + "move after the session timeout instead): {}", member, e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Kafka Streams wraps a processor's exception (StreamsException, TaskCorruptedException...): the cause that says what broke. */
    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t instanceof org.apache.kafka.streams.errors.StreamsException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** RUNNING, RESTARTING after an unexpected failure, or FAILED for good. */
    public StageState supervision() {
        return supervision;
    }

    /** The unexpected failure behind RESTARTING or FAILED (the last one), null if none. */
    public String failure() {
        return failure;
    }

    /** Stream-thread restarts after unexpected failures since start. */
    public long restarts() {
        return restarts.get();
    }

    /**
     * FAILED or RESTARTING when the supervisor says so, else the Kafka Streams state (CREATED,
     * REBALANCING, RUNNING, ...), or NOT_STARTED.
     */
    public String state() {
        if (supervision != StageState.RUNNING) {
            return supervision.name();
        }
        return streams == null ? "NOT_STARTED" : streams.state().name();
    }

    /**
     * Stops the application, committing its last transaction, and leaves the consumer group at
     * once (so an operator command that needs the group idle need not wait for its session to
     * time out). Waits up to 60 s.
     */
    @Override
    public synchronized void close() {
        closing.countDown();
        if (streams != null) {
            streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(60)).leaveGroup(true));
            LOG.info("transform stopped");
        }
    }

    Properties properties() {
        var kafka = config.kafka();
        Properties p = new Properties();
        Map<String, Object> client = kafka.clientConfig();
        client.forEach(p::put);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.topics().transformApplicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
        // Exactly-once: the sink sees a mapped record only once its transaction commits, so the
        // commit interval is a floor on latency (half of it on average). 50 ms costs about 20
        // transaction commits a second (and their markers in the mapped topics) however busy.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        // The processor dead-letters every record it cannot map; whatever still escapes is not the
        // record's fault and must never skip it in silence: it fails the task (log-and-fail, set
        // explicitly although it is the default) and the supervisor restarts the thread or FAILS.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                config.kafka().transportLimitBytes());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 5000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Static membership, with an id of this instance's own: Kafka Streams removes a static
        // member from the group when it closes (see close()), a dynamic one only after its session
        // times out, which would keep replay and offset resets waiting for 45 s after a clean stop.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        return p;
    }
}
