package dev.ferry.ops.dlq;

import dev.ferry.ops.pipeline.StageConfigs;
import dev.ferry.schemas.TopicNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;

/** Reads the dead letters of a pipeline: the transform's and every target's. */
public final class DeadLetters {

    private final StageConfigs configs;
    private final Map<String, String> tableOfTopic = new HashMap<>();

    public DeadLetters(StageConfigs configs) {
        this.configs = configs;
        // Real names from the config: a topic name escapes characters that Kafka does not allow.
        TopicNames names = configs.kafka().topics();
        for (var m : configs.ferryConfig().effectiveMappings()) {
            tableOfTopic.put(names.mapped(m.target(), m.targetTable()), m.targetTable());
            tableOfTopic.put(names.raw(m.source(), m.sourceTable().schema(), m.sourceTable().table()),
                    m.sourceTable().toString());
        }
    }

    /** The dead-letter topics: the transform's, then each target's in configuration order. */
    public List<String> topics() {
        TopicNames names = configs.kafka().topics();
        List<String> topics = new ArrayList<>();
        topics.add(names.transformDeadLetters());
        configs.ferryConfig().targets().forEach(t -> topics.add(names.sinkDeadLetters(t.name())));
        return topics;
    }

    /** Every dead letter now in the topics that {@code filter} accepts, in topic, partition and offset order. */
    public List<DeadLetter> read(DeadLetterFilter filter) {
        List<DeadLetter> all = new ArrayList<>();
        each(filter, all::add);
        all.sort(java.util.Comparator.comparing(DeadLetter::topic).thenComparing(DeadLetter::partition)
                .thenComparing(DeadLetter::offset));
        return all;
    }

    /**
     * Like {@link #each}, but only the pending dead letters: neither re-driven nor discarded (what
     * {@code dlq list}, {@code ferry status}, the dashboard and cutover count).
     */
    public void eachPending(DeadLetterFilter filter, java.util.function.Consumer<DeadLetter> each) {
        java.util.Set<String> settled = DeadLetterStates.settled(configs.kafka()).keySet();
        each(filter, d -> {
            if (!settled.contains(d.id())) {
                each.accept(d);
            }
        });
    }

    /**
     * Passes every dead letter now in the topics that {@code filter} accepts to {@code each}, one at
     * a time (offset order within a partition), holding none: for counting topics of any size.
     */
    public void each(DeadLetterFilter filter, java.util.function.Consumer<DeadLetter> each) {
        TopicReader.readAll(configs.kafka(), topics(), r -> {
            Map<String, String> headers = new LinkedHashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
            String origin = headers.get(dev.ferry.schemas.DeadLetterHeaders.ORIGIN_TOPIC);
            DeadLetter d = new DeadLetter(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(), r.value(),
                    headers, origin == null ? "?" : tableOfTopic.getOrDefault(origin, "?"));
            if (filter.accepts(d)) {
                each.accept(d);
            }
        });
    }
}
