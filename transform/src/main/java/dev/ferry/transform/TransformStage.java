package dev.ferry.transform;

import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transform stage: a lifecycle shell around a Kafka Streams application running
 * {@link TransformTopology} with exactly-once processing. Creates the mapped and dead-letter
 * topics; a stream thread that dies is replaced, so the stage never stops by itself.
 */
public final class TransformStage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransformStage.class);

    private final TransformConfig config;
    private final AvroCodec codec;
    private final TransformMetrics metrics;
    private KafkaStreams streams;

    /** A stage counting into a fresh {@link CountingTransformMetrics} (see {@link #metrics()}). */
    public TransformStage(TransformConfig config, AvroCodec codec) {
        this(config, codec, new CountingTransformMetrics());
    }

    /** @param metrics receives the counts per table and rule (valid, invalid, filtered, warned) */
    public TransformStage(TransformConfig config, AvroCodec codec, TransformMetrics metrics) {
        this.config = config;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** The counters this stage records into. */
    public TransformMetrics metrics() {
        return metrics;
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
                        Clock.systemUTC()), properties());
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("transform stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        LOG.info("transform started: {} mappings", config.mappings().size());
    }

    /** The Kafka Streams state (CREATED, REBALANCING, RUNNING, ...), or NOT_STARTED. */
    public String state() {
        return streams == null ? "NOT_STARTED" : streams.state().name();
    }

    /**
     * Stops the application, committing its last transaction, and leaves the consumer group at
     * once (so an operator command that needs the group idle need not wait for its session to
     * time out). Waits up to 60 s.
     */
    @Override
    public synchronized void close() {
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
        // The processor dead-letters every record it cannot map; these handlers are the last line:
        // whatever still escapes (a bug, a corrupt record) is logged and skipped, never stops the stage,
        // except an unavailable registry, which fails the task so the record is processed again.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RegistryOutageHandler.class);
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
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                kafka.topics().transformApplicationId() + "-" + java.util.UUID.randomUUID());
        return p;
    }
}
