package dev.ferry.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.schemas.Failures;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Client of the Confluent Schema Registry REST API ({@code POST /subjects/{s}/versions},
 * {@code GET /schemas/ids/{id}}). Works with Confluent's server and with any compatible one
 * (Apicurio's {@code /apis/ccompat/v7}). Both directions are cached for the life of the client.
 * With credentials in its {@link RegistryAddress}, every request carries HTTP basic authentication;
 * with a {@link TrustStore}, an {@code https} registry is trusted by those certificates only.
 * A registry that does not answer, or answers 5xx, 408 or 429, throws
 * {@link SchemaRegistryUnavailableException}; other refusals throw {@link SchemaRegistryException}.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Optional<String> authorization;
    private final HttpClient http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** @param baseUrl the registry's base URL, for example {@code http://localhost:8081}; never null */
    public RestSchemaRegistry(String baseUrl) {
        this(RegistryAddress.of(Objects.requireNonNull(baseUrl, "baseUrl")));
    }

    /** @param address the registry's base URL and the credentials it wants, if any */
    public RestSchemaRegistry(RegistryAddress address) {
        String url = address.url();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = address.authorization();
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        address.trust().ifPresent(t -> http.sslContext(t.sslContext()));
        this.http = http.build();
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
    public Optional<Schema> latest(String subject) {
        try {
            String what = "fetch the latest schema of " + subject;
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    uri("/subjects/" + encode(subject) + "/versions/latest")).GET());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            refuseUnlessOk(response, what);
            return Optional.of(new Schema.Parser().parse(JSON.readTree(response.body()).path("schema").asText()));
        } catch (IOException e) {
            throw new SchemaRegistryUnavailableException("schema registry " + baseUrl
                    + " unreachable fetching the latest schema of " + subject + ": " + Failures.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("interrupted fetching the latest schema of " + subject, e);
        }
    }

    /**
     * The registry's subjects ({@code GET /subjects}): also the probe that the base URL is the API's
     * (a server answering 404 there, or anything but a JSON list, is not a registry API at that URL).
     *
     * @throws SchemaRegistryException when the URL does not serve the Confluent API (the message says
     *     what answered and where Apicurio serves it)
     * @throws SchemaRegistryUnavailableException when it does not answer
     */
    public java.util.List<String> subjects() {
        String what = "list its subjects (GET " + baseUrl + "/subjects)";
        JsonNode answer;
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/subjects")).GET());
            if (response.statusCode() == 404) {
                throw new SchemaRegistryException("schema registry " + baseUrl + " answered HTTP 404 to GET /subjects:"
                        + " no Confluent-compatible registry API at this URL (Apicurio serves it under /apis/ccompat/v7;"
                        + " check kafka.schema-registry)");
            }
            refuseUnlessOk(response, what);
            answer = JSON.readTree(response.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SchemaRegistryException("schema registry " + baseUrl + " answered GET /subjects with something"
                    + " that is not JSON: no Confluent-compatible registry API at this URL (check kafka.schema-registry)");
        } catch (IOException e) {
            throw new SchemaRegistryUnavailableException("schema registry " + baseUrl + " unreachable trying to " + what
                    + ": " + Failures.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("interrupted trying to " + what, e);
        }
        if (answer == null || !answer.isArray()) {
            throw new SchemaRegistryException("schema registry " + baseUrl + " answered GET /subjects with JSON that is"
                    + " not a list of subjects: no Confluent-compatible registry API at this URL (check kafka.schema-registry)");
        }
        java.util.List<String> subjects = new java.util.ArrayList<>();
        answer.forEach(n -> subjects.add(n.asText()));
        return subjects;
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        try {
            HttpResponse<String> response = send(request);
            refuseUnlessOk(response, what);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryUnavailableException("schema registry " + baseUrl + " unreachable trying to " + what
                    + ": " + Failures.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("interrupted trying to " + what, e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.timeout(Duration.ofSeconds(30)).header("Accept", CONTENT_TYPE);
        authorization.ifPresent(value -> request.header("Authorization", value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void refuseUnlessOk(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        String hint = status == 401 || status == 403
                ? (authorization.isPresent() ? " (the registry refused the configured credentials)"
                        : " (the registry wants credentials: set kafka.schema-registry-user and -password)")
                : "";
        String message = "schema registry " + baseUrl + " refused to " + what + ": HTTP " + status + hint + " "
                + response.body();
        if (status / 100 == 5 || status == 408 || status == 429) {
            throw new SchemaRegistryUnavailableException(message);
        }
        throw new SchemaRegistryException(message);
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private static String encode(String subject) {
        return java.net.URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }
}
