package dev.ferry.capture;

import dev.ferry.schemas.retry.Pauser;
import dev.ferry.schemas.supervision.RestartBudget;

import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.kafka.Topics;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.ChangeEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture stage of one source: a thin lifecycle shell around a Debezium embedded engine.
 * It creates the raw topics, runs the engine (snapshot, then streaming), publishes through
 * {@link ChangePublisher}, and restarts the engine with a growing pause if it fails, so a source
 * that is briefly down never stops the pipeline. Offsets live in a Kafka topic; a restart resumes
 * where the last committed offset points, without a new snapshot.
 */
public final class CaptureStage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureStage.class);

    private final CaptureConfig config;
    private final AvroCodec codec;
    private final SourceDatabase database;
    private final CaptureProgress progress;
    private final Clock clock;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicReference<DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>>> engine = new AtomicReference<>();
    private Producer<byte[], byte[]> producer;
    /** Reads raw topics' end offsets for {@link SnapshotRestarts}. */
    private Admin admin;
    private Thread supervisor;
    /** How the first snapshot reads each table; set before the first engine start. */
    private volatile SnapshotPlan plan;

    public CaptureStage(CaptureConfig config, AvroCodec codec) {
        this(config, codec, Clock.systemUTC());
    }

    CaptureStage(CaptureConfig config, AvroCodec codec, Clock clock) {
        this.config = config;
        this.codec = codec;
        this.database = SourceDatabase.of(config.type());
        this.progress = new CaptureProgress(config.tables(), clock);
        this.clock = clock;
    }

    /** Creates the raw topics and starts the engine in the background. Returns at once. */
    public synchronized void start() {
        Map<String, String> tablesByTopic = new HashMap<>();
        config.tables().forEach(t -> tablesByTopic.put(config.rawTopic(t), t));
        database.prepare(config);
        SnapshotSignals.ensureTopic(config.kafka(), config.source());
        try (Admin admin = Admin.create(config.kafka().clientConfig())) {
            Topics.ensure(admin, tablesByTopic.keySet(), config.kafka().partitions(), config.kafka().replicationFactor(),
                    config.kafka().compactedTopics());
            Topics.ensure(admin, List.of(config.kafka().topics().transformDeadLetters()), config.kafka().partitions(),
                    config.kafka().replicationFactor(), config.kafka().deadLetterTopics());
        }
        if (config.snapshot() == SnapshotMode.INITIAL) {
            config.tables().forEach(t -> progress.estimate(t, database.estimateRows(config, t)));
        }
        progress.streamingProbe(this::streamingConnected);
        SnapshotNotifications.register(config.kafka().topics().rawPrefix(config.source()), progress);
        producer = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        TooLargeChanges tooLarge = new TooLargeChanges(producer, config.kafka().topics().transformDeadLetters(),
                config.source(), config.kafka().maxRecordBytes(), clock);
        RecordEncoder encoder = new RecordEncoder(codec, topic -> columnNaming(tablesByTopic.get(topic)),
                database.columnFacts(config));
        admin = Admin.create(config.kafka().clientConfig());
        ChangePublisher publisher = new ChangePublisher(producer, encoder, Map.copyOf(tablesByTopic), progress, tooLarge,
                SnapshotRestarts.inKafka(admin));
        supervisor = new Thread(() -> superviseEngine(publisher), "ferry-capture-" + config.source());
        supervisor.start();
        LOG.info("capture of source {} started: tables {}", config.source(), config.tables());
    }

    /**
     * Asks for the incremental snapshots Debezium's own initial snapshot does not cover, then
     * records the captured table set. On a first run (nothing recorded): the chunked first snapshot
     * of the tables the {@link SnapshotPlan} reads in chunks. Later: the tables added to the config
     * since the last run (Debezium's initial snapshot happens once per source; it would only
     * stream them). A crash between request and record asks again on the next start: a second read
     * of the same rows, harmless to the upserting sink.
     */
    private void requestSnapshots() {
        CapturedTables captured = new CapturedTables(config.kafka(), config.source());
        Set<String> recorded = captured.recorded();
        if (config.snapshot() == SnapshotMode.INITIAL && recorded.isEmpty()) {
            plan = database.snapshotPlan(config);
            // Recorded before it is asked for: every later start leaves these tables to the chunked snapshot.
            captured.recordChunked(plan.chunked());
            if (!plan.chunked().isEmpty()) {
                LOG.info("source {}: first snapshot of {} in chunks of {} rows (a restart resumes with the first unfinished chunk)",
                        config.source(), plan.chunked(), SnapshotPlan.CHUNK_ROWS);
                plan.chunked().forEach(progress::chunking);
                SnapshotSignals.requestIncrementalSnapshot(config.kafka(), config.source(), plan.chunked(),
                        SnapshotNotifications.FIRST_SNAPSHOT_ID);
            }
        } else {
            plan = SnapshotPlan.recorded(config.tables(), captured.chunked());
            List<String> added = CapturedTables.added(recorded, config.tables());
            if (config.snapshot() == SnapshotMode.INITIAL && !added.isEmpty()) {
                LOG.info("source {}: tables {} were added since the last run; requesting their snapshot", config.source(), added);
                SnapshotSignals.requestIncrementalSnapshot(config.kafka(), config.source(), added);
            }
        }
        captured.record(config.tables());
    }

    /** Live progress of this source; never null. */
    public CaptureProgress progress() {
        return progress;
    }

    public String source() {
        return config.source();
    }

    /**
     * Stops the engine (which commits the offsets of everything acknowledged), then the producer.
     * Waits up to 60 s for the engine thread.
     */
    @Override
    public synchronized void close() {
        closing.countDown();
        closeEngine();
        if (supervisor != null) {
            try {
                supervisor.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(30));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(30));
        }
        SnapshotNotifications.unregister(config.kafka().topics().rawPrefix(config.source()));
        LOG.info("capture of source {} stopped", config.source());
    }

    private void superviseEngine(ChangePublisher publisher) {
        int failures = 0;
        boolean snapshotsRequested = false;
        while (closing.getCount() > 0) {
            Optional<String> refused = refusedTables();
            if (refused.isEmpty() && !snapshotsRequested) {
                requestSnapshots();
                snapshotsRequested = true;
            }
            String reason = refused.isPresent() ? refused.get() : runEngine(publisher);
            if (closing.getCount() == 0) {
                break;
            }
            failures++;
            Duration pause = restartPause(failures);
            progress.failed(reason);
            LOG.warn("capture of source {} failed ({}); restarting in {} s", config.source(), reason, pause.toSeconds());
            try {
                if (!Pauser.until(closing).pause(pause)) {
                    break;
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /**
     * Why the engine may not start: the source does not answer, or a configured table is missing
     * or has no primary key. Checked before each engine start, so that Debezium never publishes
     * such a table and a table is recorded as captured only once it can be. Empty when all is well.
     */
    private Optional<String> refusedTables() {
        try {
            List<String> problems = SourceCheck.tables(config);
            return problems.isEmpty() ? Optional.empty()
                    : Optional.of("not capturing: " + String.join("; ", problems));
        } catch (SQLException e) {
            return Optional.of("cannot reach the source: " + e.getMessage());
        }
    }

    /** The column naming of a captured table ({@code schema.table}); null (not a table) names as Debezium does. */
    private dev.ferry.schemas.connect.ColumnNaming columnNaming(String table) {
        if (table == null) {
            return dev.ferry.schemas.connect.ColumnNaming.AS_NAMED;
        }
        try (java.sql.Connection c = config.connect()) {
            return database.columnNaming(c, table);
        } catch (SQLException e) {
            // The batch is not marked processed: the engine restarts and reads it again.
            throw new CaptureException("cannot read the column names of " + table + " at the source: " + e.getMessage(), e);
        }
    }

    /** Runs one engine until it stops; returns why it stopped. */
    private String runEngine(ChangePublisher publisher) {
        AtomicReference<Throwable> error = new AtomicReference<>();
        Properties properties;
        try {
            properties = engineProperties();
        } catch (CaptureException ex) {
            return ex.getMessage();
        }
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> e = DebeziumEngine.create(Connect.class)
                .using(properties)
                .using((success, message, failure) -> {
                    if (!success) {
                        error.set(failure != null ? failure : new IllegalStateException(message));
                    }
                })
                .notifying(publisher)
                .build();
        engine.set(e);
        publisher.engineStarting();
        if (closing.getCount() > 0) {
            e.run();
        }
        return error.get() == null ? "engine stopped" : error.get().toString();
    }

    /** The pause before restart number {@code failures}: 1 s doubling to 30 s ({@link RestartBudget#PAUSES}). */
    static Duration restartPause(int failures) {
        return RestartBudget.PAUSES.delay(failures);
    }

    private void closeEngine() {
        DebeziumEngine<?> e = engine.get();
        if (e != null) {
            try {
                e.close();
            } catch (IOException ex) {
                LOG.warn("closing the capture engine of {} failed: {}", config.source(), ex.toString());
            }
        }
    }

    Properties engineProperties() {
        Properties p = new Properties();
        config.kafka().clientProperties().forEach(p::setProperty);
        p.setProperty("name", config.kafka().topics().captureEngineName(config.source()));
        p.setProperty("topic.prefix", config.kafka().topics().rawPrefix(config.source()));
        p.setProperty("bootstrap.servers", config.kafka().bootstrapServers());
        p.setProperty("offset.storage", OwnedAdminOffsetStore.class.getName());
        p.setProperty("offset.storage.topic", config.kafka().topics().captureOffsets(config.source()));
        p.setProperty("offset.storage.partitions", "1");
        p.setProperty("offset.storage.replication.factor", String.valueOf(config.kafka().replicationFactor()));
        // Commit after every batch: the offset that marks the end of the snapshot is durable at once,
        // so a crash right after a snapshot never repeats it, and a crash repeats at most one batch.
        p.setProperty("offset.flush.interval.ms", "0");
        p.setProperty("offset.flush.timeout.ms", "30000");
        p.setProperty("tombstones.on.delete", "true");
        // Debezium skips truncates by default; Ferry publishes them so that they are not lost in silence.
        p.setProperty("skipped.operations", "none");
        // Source column types travel as schema parameters, so the sink can create exact columns.
        p.setProperty("column.propagate.source.type", ".*");
        // Column names travel exactly (ConnectAvro gives each field a valid Avro name and keeps the
        // real one beside it); record names are Debezium's, made valid Avro names.
        p.setProperty("schema.name.adjustment.mode", "avro");
        p.setProperty("field.name.adjustment.mode", "none");
        p.setProperty("topic.naming.strategy", FerryTopicNaming.class.getName());
        p.setProperty("max.batch.size", "4096");
        // Debezium hands over a batch when it is full (max.batch.size) or after poll.interval.ms
        // (default 500 ms): under light load every change waited the whole interval. 25 ms keeps
        // bulk snapshots in full batches and bounds the wait of a lone change; the cost is a
        // wake-up every 25 ms when the source is idle.
        p.setProperty("poll.interval.ms", "25");
        p.setProperty("max.queue.size", "16384");
        p.setProperty("heartbeat.interval.ms", "5000");
        p.setProperty("errors.max.retries", "-1");
        signals(p);
        p.putAll(database.connectorProperties(config, plan));
        return p;
    }

    /** Re-snapshot requests arrive through the Kafka signal topic; watermarks go to the signalling table. */
    private void signals(Properties p) {
        p.setProperty("signal.enabled.channels", "source,kafka");
        p.setProperty("signal.data.collection", config.signalTable());
        p.setProperty("signal.kafka.topic", config.kafka().topics().signals(config.source()));
        p.setProperty("signal.kafka.bootstrap.servers", config.kafka().bootstrapServers());
        p.setProperty("signal.kafka.groupId", config.kafka().topics().captureEngineName(config.source()) + "-signals");
        config.kafka().clientProperties().forEach((k, v) -> p.setProperty("signal.consumer." + k, v));
        p.setProperty("incremental.snapshot.chunk.size", String.valueOf(SnapshotPlan.CHUNK_ROWS));
        p.setProperty("notification.enabled.channels", SnapshotNotifications.NAME);
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> c = config.kafka().clientConfig();
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "ferry-capture-" + config.source());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.kafka().transportLimitBytes());
        return c;
    }

    private boolean streamingConnected() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName pattern = new ObjectName("debezium.*:type=connector-metrics,context=streaming,server="
                    + ObjectName.quote(config.kafka().topics().rawPrefix(config.source())) + ",*");
            Set<ObjectName> names = server.queryNames(pattern, null);
            if (names.isEmpty()) {
                pattern = new ObjectName("debezium.*:type=connector-metrics,context=streaming,server="
                        + config.kafka().topics().rawPrefix(config.source()) + ",*");
                names = server.queryNames(pattern, null);
            }
            for (ObjectName name : names) {
                if (Boolean.TRUE.equals(server.getAttribute(name, "Connected"))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    List<String> tables() {
        return config.tables();
    }
}
