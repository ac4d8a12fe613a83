package dev.ferry.ops.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;

/**
 * Renders a {@link FerryConfig} as masked YAML (see {@link FerryConfig#toDisplayString()}).
 * Keys use the {@code ferry.yaml} spelling and order; explicit mappings only.
 */
final class ConfigPrinter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private ConfigPrinter() {
    }

    static String print(FerryConfig config) {
        ObjectNode root = NODES.objectNode();
        root.set("kafka", kafka(config.kafka()));
        ArrayNode sources = root.putArray("sources");
        config.sources().forEach(source -> sources.add(source(source)));
        ArrayNode targets = root.putArray("targets");
        config.targets().forEach(target -> targets.add(target(target)));
        ArrayNode mappings = root.putArray("mappings");
        config.mappings().forEach(mapping -> mappings.add(mapping(mapping)));
        root.putObject("http").put("port", config.http().port());
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode kafka(KafkaSection kafka) {
        ObjectNode node = NODES.objectNode()
                .put("bootstrap-servers", kafka.bootstrapServers())
                .put("schema-registry", kafka.schemaRegistry())
                .put("topic-prefix", kafka.topicPrefix())
                .put("partitions", kafka.partitions())
                .put("replication-factor", kafka.replicationFactor());
        ObjectNode properties = node.putObject("properties");
        Masking.maskProperties(kafka.properties()).forEach(properties::put);
        return node;
    }

    private static ObjectNode source(SourceSection source) {
        ObjectNode node = NODES.objectNode()
                .put("name", source.name())
                .put("type", source.type().yamlName())
                .put("url", Masking.maskUrl(source.url()))
                .put("user", source.user())
                .put("password", Secret.MASK);
        ArrayNode tables = node.putArray("tables");
        source.tables().forEach(table -> tables.add(table.toString()));
        return node.put("snapshot", ConfigNode.yamlName(source.snapshot()));
    }

    private static ObjectNode target(TargetSection target) {
        return NODES.objectNode()
                .put("name", target.name())
                .put("type", target.type().yamlName())
                .put("url", Masking.maskUrl(target.url()))
                .put("user", target.user())
                .put("password", Secret.MASK)
                .put("schema", target.schema())
                .put("batch-size", target.batchSize())
                .put("batch-linger-ms", target.batchLingerMs())
                .put("ddl", ConfigNode.yamlName(target.ddl()));
    }

    private static ObjectNode mapping(MappingSection mapping) {
        ObjectNode node = NODES.objectNode()
                .put("from", mapping.from())
                .put("to", mapping.to());
        ObjectNode columns = node.putObject("columns");
        mapping.columns().forEach((column, rule) -> columns.putObject(column).put("rename", rule.rename()));
        return node;
    }
}
