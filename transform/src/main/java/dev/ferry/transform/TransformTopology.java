package dev.ferry.transform;

import dev.ferry.schemas.DeadLetterHeaders;
import dev.ferry.schemas.avro.AvroCodec;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Builds the transform topology: for every raw topic one source, for every mapping of it one
 * mapping processor, whose output goes to the mapped topic or, for a record marked as a dead
 * letter, to the transform dead-letter topic. A mapped record keeps its raw partition's number
 * ({@link Routed}). A pure function of its arguments.
 */
public final class TransformTopology {

    private TransformTopology() {
    }

    /**
     * @param mappings the table mappings; a raw topic may feed several
     * @param deadLetterTopic where records that cannot be mapped go
     */
    public static Topology build(List<TableMapping> mappings, String deadLetterTopic, AvroCodec codec) {
        return build(mappings, deadLetterTopic, codec, TransformMetrics.NONE, Clock.systemUTC());
    }

    /**
     * @param mappings the table mappings; a raw topic may feed several
     * @param deadLetterTopic where records that cannot be mapped or fail validation go
     * @param metrics receives the counts of every table and rule
     * @param clock stamps {@code ferry.failed.at} on dead letters
     */
    public static Topology build(List<TableMapping> mappings, String deadLetterTopic, AvroCodec codec,
                                 TransformMetrics metrics, Clock clock) {
        return build(mappings, deadLetterTopic, codec, metrics, clock, table -> { });
    }

    /**
     * @param fault for fault tests: called with the target table before each record is mapped; an
     *     exception it throws is an unexpected failure of the stage (never a dead letter)
     */
    public static Topology build(List<TableMapping> mappings, String deadLetterTopic, AvroCodec codec,
                                 TransformMetrics metrics, Clock clock, Consumer<String> fault) {
        StreamsBuilder builder = new StreamsBuilder();
        Map<String, KStream<byte[], byte[]>> sources = new LinkedHashMap<>();
        for (TableMapping mapping : mappings) {
            KStream<byte[], byte[]> raw = sources.computeIfAbsent(mapping.rawTopic(),
                    topic -> builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())));
            raw.process(() -> new MappingProcessor(mapping, codec, metrics, clock, fault))
                    .to((key, value, context) -> context.headers().lastHeader(DeadLetterHeaders.STAGE) != null
                                    ? deadLetterTopic : mapping.mappedTopic(),
                            Produced.with(Routed.serde(), Serdes.ByteArray()).withStreamPartitioner(Routed.samePartition()));
        }
        return builder.build();
    }
}
