package dev.ferry.sink;

import dev.ferry.schemas.Truncates;
import dev.ferry.schemas.supervision.RestartBudget;
import dev.ferry.schemas.supervision.Workers;
import dev.ferry.schemas.supervision.StageState;
import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.kafka.Topics;
import dev.ferry.schemas.registry.SchemaRegistryUnavailableException;
import dev.ferry.sink.dialect.Dialect;
import dev.ferry.sink.error.DeadLetterReporter;
import dev.ferry.sink.error.ErrorCause;
import dev.ferry.sink.error.ErrorReporter;
import dev.ferry.schemas.retry.Pauser;
import dev.ferry.schemas.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import dev.ferry.schemas.Failures;
import dev.ferry.sink.error.StoppingException;
import java.time.Instant;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink of one target: a lifecycle shell around a consumer of the mapped topics and a
 * {@link BatchApplier}. Each poll is one batch; consumer offsets are committed only after the
 * batch's database transaction committed (and its dead letters were acknowledged).
 */
public final class SinkStage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SinkStage.class);
    private static final Duration PARKED_RETRY_INTERVAL = Duration.ofSeconds(1);

    private final SinkConfig config;
    private final AvroCodec codec;
    private final Clock clock;
    private final SinkProgress progress;
    private final SinkMetrics metrics;
    /** Pauses while the target is unavailable: 200 ms doubling to 5 s, so writes resume soon after it is back. */
    static final RetryPolicy TARGET_RETRIES = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(5), 2.0);

    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<byte[], byte[]> deadLetterProducer;
    private Thread worker;
    private volatile Consumer<List<Change>> faultHook = changes -> { };
    private volatile Runnable onFailed = () -> { };
    /** Per partition: the offset after the last record taken into a batch (sink thread only). */
    private final Map<TopicPartition, Long> consumed = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    public SinkStage(SinkConfig config, AvroCodec codec) {
        this(config, codec, SinkMetrics.NONE, Clock.systemUTC());
    }

    /** @param metrics where applied rows, latencies, retries and dead letters are reported */
    public SinkStage(SinkConfig config, AvroCodec codec, SinkMetrics metrics) {
        this(config, codec, metrics, Clock.systemUTC());
    }

    SinkStage(SinkConfig config, AvroCodec codec, SinkMetrics metrics, Clock clock) {
        this.config = config;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
        this.progress = new SinkProgress(config.target());
    }

    /**
     * For fault tests: called on the sink thread with each batch before it is applied; an exception
     * it throws is an unexpected failure of the stage (which then restarts or is FAILED). Call before {@link #start()}.
     */
    public SinkStage withFaultHook(Consumer<List<Change>> hook) {
        this.faultHook = hook;
        return this;
    }

    /** Called once, on the sink thread, when the stage is FAILED for good (see {@link SinkProgress#state()}). */
    public SinkStage onFailed(Runnable listener) {
        this.onFailed = listener;
        return this;
    }

    /** Creates the dead-letter topic and starts consuming in the background. Returns at once. */
    public synchronized void start() {
        var kafka = config.kafka();
        String deadLetters = kafka.topics().sinkDeadLetters(config.target());
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.ensure(admin, config.routes().stream().map(TableRoute::topic).toList(), kafka.partitions(),
                    kafka.replicationFactor(), kafka.compactedTopics());
            Topics.ensure(admin, List.of(deadLetters), kafka.partitions(), kafka.replicationFactor(), kafka.deadLetterTopics());
        }
        deadLetterProducer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        ErrorReporter reporter = new DeadLetterReporter(deadLetterProducer, deadLetters, config.target(), clock,
                TARGET_RETRIES, pauser(), new DeadLetterReporter.Outage() {
                    @Override
                    public void blocked(String error) {
                        progress.deadLettersBlocked(error, clock.instant());
                    }

                    @Override
                    public void flowing() {
                        progress.deadLettersFlow();
                    }
                });
        metrics.recordStageState(config.target(), StageState.RUNNING);
        worker = new Thread(() -> supervise(reporter, deadLetters), "ferry-sink-" + config.target());
        worker.start();
        LOG.info("sink of target {} started: {}", config.target(), config.routes());
    }

    /**
     * The supervisor: runs the sink; an unexpected failure (anything but a record's fault, which is
     * a dead letter, or the target's, which is retried) restarts it from the committed offsets, up
     * to {@link SinkLimits#restartAttempts()} times in a row; then the stage is FAILED, says so in
     * its progress and metrics, and tells {@link #onFailed}.
     */
    private void supervise(ErrorReporter reporter, String deadLetters) {
        RestartBudget budget = new RestartBudget(config.limits().restartAttempts(), clock);
        while (closing.getCount() > 0) {
            try {
                runOnce(reporter, deadLetters);
                return;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                if (closing.getCount() == 0) {
                    return;
                }
                String cause = e.getClass().getName() + ": " + Failures.describe(e);
                Optional<Duration> pause = budget.failed();
                if (pause.isEmpty()) {
                    LOG.error("sink of target {} FAILED after {} restarts: {}", config.target(), budget.allowed(), cause, e);
                    progress.failed(cause);
                    metrics.recordStageState(config.target(), StageState.FAILED);
                    onFailed.run();
                    return;
                }
                LOG.error("sink of target {} failed unexpectedly; restart {} of {} in {} ms from the committed offsets: {}",
                        config.target(), budget.failures(), budget.allowed(), pause.get().toMillis(), cause, e);
                progress.restarting(cause);
                metrics.recordStageState(config.target(), StageState.RESTARTING);
                try {
                    if (!pauser().pause(pause.get())) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One life of the sink: a fresh consumer (reading from the committed offsets) and applier, until closed. */
    private void runOnce(ErrorReporter reporter, String deadLetters) {
        consumed.clear();
        committed.clear();
        Map<String, String> tables = new HashMap<>();
        config.routes().forEach(r -> tables.put(r.topic(), r.table()));
        Dialect dialect = Dialect.forUrl(config.jdbcUrl());
        BatchWriter writer = new BatchWriter(dialect, config.schema(),
                new TableCatalog(dialect, config.schema(), config.ddl()), config.conflict() == ConflictMode.NEWER_WINS);
        BatchApplier applier = new BatchApplier(
                new TargetConnection(config.jdbcUrl(), config.user(), config.password(), config.limits(), dialect), writer,
                config.batchLog() ? new BatchLog(dialect, config.schema(), deadLetters) : null,
                reporter, TARGET_RETRIES, pauser(), clock, progress, new ParkingLot(config.fkRetry(),
                config.limits().parkingMaxRows(), config.limits().parkingMaxBytes(), clock),
                PARKED_RETRY_INTERVAL, metrics, config.target());
        ChangeDecoder decoder = new ChangeDecoder(codec, tables);
        TruncateBarrier truncates = new TruncateBarrier(config.truncate(), config.target(), reporter, progress, metrics);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        consumer = c;
        c.subscribe(List.copyOf(tables.keySet()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // Called on the sink thread, inside poll(): the parking lot is ours to touch.
                applier.parking().drop(partitions);
                truncates.reset(consumer, partitions);
                partitions.forEach(consumed::remove);
                partitions.forEach(committed::remove);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // Nothing to do: reading starts at the committed offsets.
            }
        });
        if (closing.getCount() == 0) {
            c.wakeup();
        }
        consume(decoder, applier, reporter, truncates, tables);
    }

    public SinkProgress progress() {
        return progress;
    }

    /** The target this sink writes. */
    public String target() {
        return config.target();
    }

    /** Finishes the batch in hand, commits, and closes. Waits up to 60 s. */
    @Override
    public synchronized void close() {
        closing.countDown();
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Workers.join(worker, Duration.ofSeconds(60));
        if (deadLetterProducer != null) {
            deadLetterProducer.close(Duration.ofSeconds(30));
        }
        LOG.info("sink of target {} stopped", config.target());
    }

    private void consume(ChangeDecoder decoder, BatchApplier applier, ErrorReporter reporter, TruncateBarrier truncates,
                         Map<String, String> tables) {
        try {
            while (closing.getCount() > 0) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(config.linger());
                if (!applier.retryParked()) {
                    break;
                }
                if (records.isEmpty()) {
                    // An empty poll may still step over a transaction marker of the transform.
                    recordPositions();
                    progress.parked(applier.parking().size());
                    commit(applier.parking(), truncates);
                    continue;
                }
                List<Change> changes = new ArrayList<>(records.count());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (truncates.holds(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // after a truncate marker: read again once the truncate is applied
                    }
                    if (Truncates.isMarker(record.key())) {
                        truncates.reached(consumer, record, decoder.table(record));
                        continue;
                    }
                    try {
                        Optional<Change> change = decodeWhenRegistryAnswers(decoder, record);
                        if (change.isEmpty()) {
                            return;
                        }
                        changes.add(change.get());
                    } catch (RuntimeException e) {
                        String message = "table " + decoder.table(record) + ", record " + record.topic() + "-"
                                + record.partition() + "@" + record.offset() + ": cannot decode: " + e.getMessage();
                        reporter.report(record, e, message, ErrorCause.DECODE, 1);
                        progress.deadLettered(decoder.table(record), message);
                        metrics.recordDeadLetter(config.target(), String.valueOf(decoder.table(record)),
                                ErrorCause.DECODE.header());
                    }
                }
                faultHook.accept(changes);
                if (!applier.apply(changes) || !applyTruncates(applier, truncates, tables)) {
                    break;
                }
                if (progress.state() == StageState.RESTARTING) {
                    progress.running();
                    metrics.recordStageState(config.target(), StageState.RUNNING);
                }
                recordPositions();
                progress.parked(applier.parking().size());
                commit(applier.parking(), truncates);
            }
        } catch (WakeupException | StoppingException e) {
            // close() asked us to stop; what was not acknowledged is not committed.
        } finally {
            consumer.close(Duration.ofSeconds(10));
            applier.close();
        }
    }

    /**
     * Applies the truncates every partition of whose table reached its marker (every change before
     * them is applied, none after them read), drops the table's parked changes (the truncate removes
     * what they would write), and commits past the markers before any later change is read.
     *
     * @return false if the stage is stopping
     */
    private boolean applyTruncates(BatchApplier applier, TruncateBarrier truncates, Map<String, String> tables) {
        for (TruncateBarrier.Truncation t : truncates.complete(consumer, tables)) {
            BatchApplier.TruncateOutcome outcome = applier.truncate(t.table(), t.softDeleteColumn(), t.marker());
            if (outcome == BatchApplier.TruncateOutcome.STOPPED) {
                return false;
            }
            if (outcome == BatchApplier.TruncateOutcome.APPLIED) {
                applier.parking().drop(t.partitions());
            }
            truncates.release(consumer, t, outcome == BatchApplier.TruncateOutcome.APPLIED);
            recordPositions();
            commit(applier.parking(), truncates);
        }
        return true;
    }

    /**
     * Everything polled so far has been applied (or parked): the consumer's position of each
     * assigned partition is what may be committed. The position, rather than the last record's
     * offset + 1, also steps over the transaction markers the transform writes, so a drained sink
     * shows no lag.
     */
    private void recordPositions() {
        for (TopicPartition partition : consumer.assignment()) {
            consumed.put(partition, consumer.position(partition));
        }
    }

    /**
     * Decodes a record, waiting out an unavailable schema registry (a record is never dead-lettered
     * for it); empty when the stage closes while waiting. Other decode failures are thrown.
     */
    private Optional<Change> decodeWhenRegistryAnswers(ChangeDecoder decoder, ConsumerRecord<byte[], byte[]> record) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.of(decoder.decode(record));
            } catch (SchemaRegistryUnavailableException e) {
                Duration pause = TARGET_RETRIES.delay(attempt);
                LOG.warn("sink of target {}: {}; trying again in {} ms", config.target(), e.getMessage(), pause.toMillis());
                try {
                    if (!pauser().pause(pause)) {
                        return Optional.empty();
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * Commits, per partition, the offset after the last applied record, but never past a parked
     * one (so a restart reads the parked records again) nor past a truncate marker it waits at.
     * Commits only what moved.
     */
    private void commit(ParkingLot parking, TruncateBarrier truncates) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (var e : consumed.entrySet()) {
            long offset = truncates.commitable(e.getKey(),
                    Math.min(e.getValue(), parking.lowestOffset(e.getKey()).orElse(Long.MAX_VALUE)));
            if (!Long.valueOf(offset).equals(committed.get(e.getKey()))) {
                offsets.put(e.getKey(), new OffsetAndMetadata(offset));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
            offsets.forEach((p, o) -> committed.put(p, o.offset()));
        } catch (CommitFailedException e) {
            // The group rebalanced while we wrote: another member will read these records again,
            // and applying them twice changes nothing.
            LOG.warn("sink of target {} could not commit offsets after a rebalance: {}", config.target(), e.getMessage());
        }
    }

    private Pauser pauser() {
        return Pauser.until(closing);
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> c = config.kafka().clientConfig();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.kafka().topics().sinkGroup(config.target()));
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-sink-" + config.target());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.batchSize());
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) Math.min(500, config.linger().toMillis()));
        // Answer a fetch as soon as one record is there: under light load a change does not wait
        // fetch.max.wait.ms for 64 KiB to gather; under heavy load fetches come back full anyway.
        c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        // A target can be down for a long time while we retry; do not let the group evict us for it.
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis());
        return c;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> c = config.kafka().clientConfig();
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "ferry-sink-dlq-" + config.target());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.kafka().transportLimitBytes());
        return c;
    }
}
