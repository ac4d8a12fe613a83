package dev.ferry.ops.local;

import java.nio.file.Path;

/**
 * Everything a pipeline needs, local and private: a PostgreSQL with logical decoding, a KRaft
 * Kafka broker in this JVM and a Confluent-compatible schema registry as a child process. Closing
 * it stops all three.
 */
public final class LocalStack implements AutoCloseable {

    private final LocalPostgres postgres;
    private final LocalKafka kafka;
    private final LocalRegistry registry;

    private LocalStack(LocalPostgres postgres, LocalKafka kafka, LocalRegistry registry) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Starts the three under {@code dir}; on failure stops whatever already started. */
    public static LocalStack start(Path dir) throws Exception {
        LocalPostgres postgres = null;
        LocalKafka kafka = null;
        try {
            postgres = LocalPostgres.start(dir.resolve("postgres"));
            kafka = LocalKafka.start(dir.resolve("kafka"));
            LocalRegistry registry = LocalRegistry.start(LocalRegistry.defaultHome(), dir.resolve("registry"));
            return new LocalStack(postgres, kafka, registry);
        } catch (Exception | Error e) {
            if (kafka != null) {
                kafka.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            throw e;
        }
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public LocalRegistry registry() {
        return registry;
    }

    @Override
    public void close() throws Exception {
        registry.close();
        kafka.close();
        postgres.close();
    }
}
