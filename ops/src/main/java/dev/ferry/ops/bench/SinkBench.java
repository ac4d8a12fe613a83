package dev.ferry.ops.bench;

import dev.ferry.ops.local.LocalMariaDb;
import dev.ferry.ops.local.LocalStack;
import dev.ferry.schemas.TopicNames;
import dev.ferry.schemas.avro.AvroCodec;
import dev.ferry.schemas.kafka.KafkaSettings;
import dev.ferry.schemas.kafka.Topics;
import dev.ferry.schemas.registry.RegistryAddress;
import dev.ferry.schemas.registry.RestSchemaRegistry;
import dev.ferry.sink.ConflictMode;
import dev.ferry.sink.DdlMode;
import dev.ferry.sink.SinkConfig;
import dev.ferry.sink.SinkStage;
import dev.ferry.sink.TableRoute;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Measures the sink alone: N mapped records of the benchmark table's shape (12 mixed columns) are
 * written to the mapped topic first, then a sink starts and the clock runs until the target holds
 * every row. Prints rows/s. Target: a private PostgreSQL or a private MariaDB.
 */
public final class SinkBench {

    private static final String TOPIC_PREFIX = "bench";
    private static final String TABLE = "items";

    private final long rows;
    private final String targetType;
    private final int batchSize;
    private final PrintStream out;

    /** @param targetType {@code postgres} or {@code mariadb} */
    public SinkBench(long rows, String targetType, int batchSize, PrintStream out) {
        this.rows = rows;
        this.targetType = targetType;
        this.batchSize = batchSize;
        this.out = out;
    }

    /** @return true when every row landed */
    public boolean run() throws Exception {
        Path work = Files.createTempDirectory("ferry-bench-sink-");
        LocalMariaDb mariadb = null;
        try (LocalStack stack = LocalStack.start(work)) {
            String url;
            String user;
            String password;
            String schema;
            if (targetType.equals("mariadb")) {
                long t0 = System.nanoTime();
                mariadb = LocalMariaDb.start(work.resolve("mariadb"));
                out.printf("private MariaDB installed and started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                mariadb.createDatabase("bench_target");
                url = mariadb.jdbcUrl("bench_target");
                user = mariadb.user();
                password = mariadb.password();
                schema = "bench_target";
            } else {
                stack.postgres().createDatabase("bench_target");
                url = stack.postgres().jdbcUrl("bench_target");
                user = stack.postgres().user();
                password = stack.postgres().password();
                schema = "public";
            }
            TopicNames names = new TopicNames(TOPIC_PREFIX);
            String topic = names.mapped("dst", TABLE);
            KafkaSettings kafka = new KafkaSettings(stack.kafka().bootstrapServers(), RegistryAddress.of(stack.registry().url()), names, 1,
                    (short) 1, Map.of());
            AvroCodec codec = new AvroCodec(new RestSchemaRegistry(stack.registry().url()));
            out.printf("bench sink: writing %,d records (12 columns) to %s ...%n", rows, topic);
            produce(kafka, codec, topic);

            SinkConfig config = new SinkConfig("dst", url, user, password, schema, batchSize, Duration.ofMillis(50),
                    DdlMode.CREATE, List.of(new TableRoute(topic, TABLE)), kafka, ConflictMode.LAST_WRITER,
                    SinkConfig.DEFAULT_FK_RETRY, true);
            long start = System.nanoTime();
            long landed = 0;
            try (Connection target = DriverManager.getConnection(url, user, password);
                 SinkStage sink = new SinkStage(config, codec)) {
                sink.start();
                long lastReport = start;
                while (landed < rows) {
                    Thread.sleep(200);
                    landed = count(target);
                    if (System.nanoTime() - lastReport > 5e9) {
                        lastReport = System.nanoTime();
                        double s = (lastReport - start) / 1e9;
                        out.printf("  after %.0f s: %,d rows in target (%,.0f rows/s)%n", s, landed, landed / s);
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("sink alone into %s (batch-size %d): %,d rows in %.2f s = %,.0f rows/s%n", targetType, batchSize,
                    landed, seconds, landed / seconds);
            return landed == rows;
        } finally {
            if (mariadb != null) {
                mariadb.close();
            }
            BenchWork.delete(work);
        }
    }

    private void produce(KafkaSettings kafka, AvroCodec codec, String topic) {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            Topics.ensure(admin, List.of(topic), 1, (short) 1, Topics.COMPACTED);
        }
        Schema keySchema = SchemaBuilder.record("Key").namespace("bench").fields().requiredLong("id").endRecord();
        Schema decimal = LogicalTypes.decimal(12, 2).addToSchema(Schema.create(Schema.Type.BYTES));
        Schema zoned = Schema.create(Schema.Type.STRING);
        zoned.addProp("connect.name", "io.debezium.time.ZonedTimestamp");
        Schema micros = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
        Schema date = LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
        Schema rowSchema = SchemaBuilder.record("Item").namespace("bench").fields()
                .requiredLong("id").requiredLong("account_id").requiredString("name").optionalString("email")
                .name("amount").type().unionOf().nullType().and().type(decimal).endUnion().nullDefault()
                .optionalInt("qty").optionalDouble("ratio").optionalBoolean("active")
                .name("created_at").type(zoned).noDefault()
                .name("updated_at").type().unionOf().nullType().and().type(micros).endUnion().nullDefault()
                .name("birth_date").type().unionOf().nullType().and().type(date).endUnion().nullDefault()
                .optionalString("note").endRecord();
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Instant epoch = Instant.parse("2021-01-01T00:00:00Z");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long i = 1; i <= rows; i++) {
                GenericRecord key = new GenericData.Record(keySchema);
                key.put("id", i);
                GenericRecord row = new GenericData.Record(rowSchema);
                row.put("id", i);
                row.put("account_id", i % 10007);
                row.put("name", "name-" + Long.toHexString(i * 2654435761L));
                row.put("email", "user" + i + "@example.com");
                row.put("amount", ByteBuffer.wrap(BigDecimal.valueOf(i % 1000000, 2).unscaledValue().toByteArray()));
                row.put("qty", (int) (i % 1000));
                row.put("ratio", i / 7.0);
                row.put("active", i % 2 == 0);
                row.put("created_at", epoch.plusSeconds(i).toString());
                row.put("updated_at", (epoch.getEpochSecond() + 31536000L) * 1_000_000L + i * 1000L);
                row.put("birth_date", (int) (-7305 + i % 20000));
                row.put("note", ("note " + i + " ").repeat(8));
                producer.send(new ProducerRecord<>(topic, codec.encode(topic, true, keySchema, key),
                        codec.encode(topic, false, rowSchema, row)));
            }
            producer.flush();
        }
    }

    private static long count(Connection c) {
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // not created yet
        }
    }
}
