package dev.ferry.ops.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ferry.transform.mapping.Casts;
import dev.ferry.transform.validation.ValidationRule;
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
        if (!config.maskSalt().isEmpty()) {
            root.putObject("masking").put("salt", Secret.MASK);
        }
        ArrayNode mappings = root.putArray("mappings");
        config.mappings().forEach(mapping -> mappings.add(mapping(mapping)));
        root.putObject("transform").put("restart-attempts", config.transform().restartAttempts());
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
                .put("schema-registry", kafka.schemaRegistry());
        if (!kafka.registryUser().isEmpty()) {
            node.put("schema-registry-user", kafka.registryUser()).put("schema-registry-password", Secret.MASK);
        }
        if (!kafka.registryTrustStore().isEmpty()) {
            node.put("schema-registry-truststore", kafka.registryTrustStore());
            if (!kafka.registryTrustStorePassword().isEmpty()) {
                node.put("schema-registry-truststore-password", Secret.MASK);
            }
        }
        node.put("topic-prefix", kafka.topicPrefix())
                .put("partitions", kafka.partitions())
                .put("replication-factor", kafka.replicationFactor())
                .put("max-record-bytes", kafka.maxRecordBytes());
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
                .put("ddl", ConfigNode.yamlName(target.ddl()))
                .put("conflict", ConfigNode.yamlName(target.conflict()))
                .put("fk-retry", duration(target.fkRetry()))
                .put("batch-log", target.batchLog())
                .put("restart-attempts", target.limits().restartAttempts())
                .put("connect-timeout", duration(target.limits().connectTimeout()))
                .put("socket-timeout", duration(target.limits().socketTimeout()))
                .put("statement-timeout", duration(target.limits().statementTimeout()))
                .put("parking-max-rows", target.limits().parkingMaxRows())
                .put("parking-max-mb", target.limits().parkingMaxBytes() >> 20)
                .put("truncate", ConfigNode.yamlName(target.truncate()));
    }

    /** {@code 30s}, or {@code 1500ms} when not whole seconds: what the reader reads back. */
    private static String duration(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static ObjectNode mapping(MappingSection mapping) {
        ObjectNode node = NODES.objectNode()
                .put("from", mapping.from())
                .put("to", mapping.to());
        ObjectNode columns = node.putObject("columns");
        mapping.columns().forEach((column, rule) -> columns.set(column, columnRule(rule)));
        if (mapping.keep() != null) {
            ArrayNode keep = node.putArray("keep");
            mapping.keep().forEach(keep::add);
        }
        if (!mapping.add().isEmpty()) {
            ObjectNode add = node.putObject("add");
            mapping.add().forEach(add::put);
        }
        if (mapping.filter() != null) {
            node.put("filter", mapping.filter());
        }
        node.put("delete", ConfigNode.yamlName(mapping.deletes()));
        if (mapping.softDeleteColumn() != null) {
            node.put("soft-delete-column", mapping.softDeleteColumn());
        }
        if (!mapping.maskSalt().isEmpty()) {
            node.put("mask-salt", Secret.MASK);
        }
        if (!mapping.validations().isEmpty()) {
            ArrayNode rules = node.putArray("validate");
            mapping.validations().forEach(r -> rules.add(validationRule(r)));
        }
        return node;
    }

    private static ObjectNode columnRule(ColumnRule rule) {
        ObjectNode node = NODES.objectNode();
        if (rule.rename() != null) {
            node.put("rename", rule.rename());
        }
        if (rule.drop()) {
            node.put("drop", true);
        }
        if (rule.defaultValue() != null) {
            node.put("default", rule.defaultValue());
        }
        if (rule.cast() != null) {
            node.put("cast", rule.cast().toString());
        }
        if (rule.mask() != null) {
            node.put("mask", ConfigNode.yamlName(rule.mask()));
        }
        return node;
    }

    private static ObjectNode validationRule(ValidationRule r) {
        ObjectNode node = NODES.objectNode().put("id", r.id()).put("rule", ruleKind(r))
                .put("severity", ConfigNode.yamlName(r.severity()));
        if (r instanceof ValidationRule.NotNull n) {
            node.put("column", n.column());
        } else if (r instanceof ValidationRule.Regex x) {
            node.put("column", x.column()).put("pattern", x.pattern().pattern());
        } else if (r instanceof ValidationRule.Range x) {
            node.put("column", x.column());
            if (x.min() != null) {
                node.put("min", Casts.text(x.min()));
            }
            if (x.max() != null) {
                node.put("max", Casts.text(x.max()));
            }
        } else if (r instanceof ValidationRule.MaxLength x) {
            node.put("column", x.column()).put("max", x.max());
        } else if (r instanceof ValidationRule.OneOf x) {
            ArrayNode values = node.put("column", x.column()).putArray("values");
            x.values().forEach(values::add);
        } else if (r instanceof ValidationRule.MaxRowBytes x) {
            node.put("max", x.max());
        } else if (r instanceof ValidationRule.Castable x) {
            node.put("column", x.column()).put("to", x.to().toString());
        } else if (r instanceof ValidationRule.Check x) {
            node.put("expression", x.expression());
        }
        return node;
    }

    private static String ruleKind(ValidationRule rule) {
        String name = rule.getClass().getSimpleName();
        return switch (name) {
            case "NotNull" -> "not-null";
            case "MaxLength" -> "max-length";
            case "OneOf" -> "one-of";
            case "MaxRowBytes" -> "max-row-bytes";
            case "Check" -> "predicate";
            default -> name.toLowerCase(java.util.Locale.ROOT);
        };
    }
}
