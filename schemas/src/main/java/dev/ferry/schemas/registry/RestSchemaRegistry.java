package dev.ferry.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Client of the Confluent Schema Registry REST API ({@code POST /subjects/{s}/versions},
 * {@code GET /schemas/ids/{id}}). Works with Confluent's server and with any compatible one
 * (Apicurio's {@code /apis/ccompat/v7}). Both directions are cached for the life of the client.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** @param baseUrl the registry's base URL, for example {@code http://localhost:8081}; never null */
    public RestSchemaRegistry(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        JsonNode answer = call(HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions"))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)), "register a schema under subject " + subject);
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException("registry answered without an id for subject " + subject + ": " + answer);
        }
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema byId(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET(), "fetch schema id " + id);
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schemasById.get(id);
    }

    @Override
    public java.util.Optional<Schema> latest(String subject) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            uri("/subjects/" + encode(subject) + "/versions/latest"))
                    .timeout(Duration.ofSeconds(30)).header("Accept", CONTENT_TYPE).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 404) {
                return java.util.Optional.empty();
            }
            if (response.statusCode() / 100 != 2) {
                throw new SchemaRegistryException("schema registry " + baseUrl + " refused to fetch the latest schema of "
                        + subject + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return java.util.Optional.of(new Schema.Parser().parse(JSON.readTree(response.body()).path("schema").asText()));
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry " + baseUrl + " unreachable fetching the latest schema of "
                    + subject + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted fetching the latest schema of " + subject, e);
        }
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        try {
            HttpResponse<String> response = http.send(
                    request.timeout(Duration.ofSeconds(30)).header("Accept", CONTENT_TYPE).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                throw new SchemaRegistryException("schema registry " + baseUrl + " refused to " + what
                        + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry " + baseUrl + " unreachable trying to " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted trying to " + what, e);
        }
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String subject) {
        return java.net.URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
