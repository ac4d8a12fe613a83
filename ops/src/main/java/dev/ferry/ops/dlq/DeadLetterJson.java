package dev.ferry.ops.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.schemas.avro.AvroCodec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dead letter as one JSON object, and back. The key and value are decoded with their writer
 * schema into Avro's JSON encoding ({@code key}, {@code value}, with {@code keySchemaId} and
 * {@code valueSchemaId}); bytes that are not Avro in the registry's wire format are kept as
 * {@code keyBase64} / {@code valueBase64} with the reason in {@code decodeError}. Everything else
 * (coordinates, stage, cause, headers) is there to read and filter; only {@code headers},
 * {@code key}/{@code value} (or their base64 form) and the coordinates are read back.
 */
public final class DeadLetterJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AvroCodec codec;

    public DeadLetterJson(AvroCodec codec) {
        this.codec = codec;
    }

    public ObjectNode toJson(DeadLetter d) {
        ObjectNode n = NODES.objectNode()
                .put("id", d.id()).put("topic", d.topic()).put("partition", d.partition()).put("offset", d.offset())
                .put("timestamp", d.timestamp()).put("stage", d.stage()).put("table", d.table())
                .put("cause", d.cause()).put("rule", d.rule()).put("attempts", d.attempts())
                .put("error", d.error()).put("originTopic", d.originTopic());
        ObjectNode headers = n.putObject("headers");
        d.headers().forEach(headers::put);
        payload(n, "key", d.key());
        payload(n, "value", d.value());
        return n;
    }

    private void payload(ObjectNode n, String name, byte[] bytes) {
        if (bytes == null) {
            n.putNull(name);
            return;
        }
        try {
            AvroCodec.Decoded decoded = codec.decode(bytes);
            n.put(name + "SchemaId", decoded.schemaId());
            n.set(name, AvroJson.toJson(decoded.schema(), decoded.datum()));
        } catch (RuntimeException e) {
            n.put(name + "Base64", Base64.getEncoder().encodeToString(bytes));
            n.put("decodeError", (n.has("decodeError") ? n.get("decodeError").asText() + "; " : "")
                    + name + ": " + e.getMessage());
        }
    }

    /**
     * Reads a dead letter back from its JSON (as exported, possibly edited), re-encoding key and
     * value with their schema for the origin topic (registering it under the topic's subject).
     *
     * @throws IllegalArgumentException when a field is missing or the key or value no longer
     *     matches its schema; the message names the field
     */
    public DeadLetter fromJson(JsonNode n) {
        String topic = required(n, "topic").asText();
        Map<String, String> headers = new LinkedHashMap<>();
        if (n.hasNonNull("headers")) {
            n.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        DeadLetter shape = new DeadLetter(topic, required(n, "partition").asInt(), required(n, "offset").asLong(),
                n.path("timestamp").asLong(0), null, null, headers, n.path("table").asText("?"));
        String origin = shape.originTopic();
        if (origin == null) {
            throw new IllegalArgumentException("headers.ferry.origin.topic is missing: where should it go back to?");
        }
        return new DeadLetter(shape.topic(), shape.partition(), shape.offset(), shape.timestamp(),
                bytes(n, "key", origin, true), bytes(n, "value", origin, false), headers, shape.table());
    }

    private byte[] bytes(JsonNode n, String name, String topic, boolean isKey) {
        if (n.hasNonNull(name + "Base64")) {
            return Base64.getDecoder().decode(n.get(name + "Base64").asText());
        }
        if (!n.hasNonNull(name)) {
            return null;
        }
        int id = required(n, name + "SchemaId").asInt();
        var schema = codec.registry().byId(id);
        Object datum;
        try {
            datum = AvroJson.fromJson(schema, n.get(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " " + e.getMessage(), e);
        }
        return codec.encode(topic, isKey, schema, datum);
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return v;
    }
}
