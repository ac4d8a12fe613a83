package dev.ferry.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.ops.config.ConfigLoader;
import dev.ferry.ops.config.FerryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Kubernetes manifests of {@code deploy/kubernetes} fit each other and Ferry: known kinds and API
 * versions with their required fields, the ConfigMap's ferry.yaml loads with the environment the
 * StatefulSet gives it from the Secret (every {@code ${env:...}} set, no variable left over), probes
 * ask {@code /health} on the port of {@code http.port}, the Service and the ServiceMonitor reach that
 * port, and the pod runs as the image's unprivileged user. (scripts/test also validates them against
 * the Kubernetes schemas, with deploy/validate, where npm can install it.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("..", "deploy", "kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The kinds a Ferry deployment uses, with the API version Kubernetes serves them under. */
    private static final Map<String, String> API_VERSIONS = Map.of("ConfigMap", "v1", "Secret", "v1", "Service", "v1",
            "StatefulSet", "apps/v1", "ServiceMonitor", "monitoring.coreos.com/v1");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, JsonNode> byKind = new HashMap<>();
    private final List<String> files = new ArrayList<>();

    @BeforeAll
    void read() throws IOException {
        try (Stream<Path> list = Files.list(DIR)) {
            for (Path file : list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                files.add(file.getFileName().toString());
                for (JsonNode doc : YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
                    String kind = doc.path("kind").asText();
                    assertEquals(API_VERSIONS.get(kind), doc.path("apiVersion").asText(), file + ": apiVersion of " + kind);
                    String name = doc.path("metadata").path("name").asText();
                    assertTrue(DNS_LABEL.matcher(name).matches(), file + ": metadata.name '" + name + "'");
                    assertTrue(byKind.put(kind, doc) == null, "one " + kind);
                }
            }
        }
    }

    @Test
    void everyKindIsThereAndKustomizeListsEveryFile() throws IOException {
        assertEquals(API_VERSIONS.keySet(), byKind.keySet());
        JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        List<String> resources = new ArrayList<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        assertEquals(new TreeSet<>(files), new TreeSet<>(resources));
    }

    @Test
    void theConfigLoadsWithTheEnvironmentTheSecretGivesAndNoVariableIsLeftOver() throws Exception {
        String yaml = byKind.get("ConfigMap").path("data").path("ferry.yaml").asText();
        Set<String> referenced = new TreeSet<>();
        Matcher m = ENV_REFERENCE.matcher(yaml);
        while (m.find()) {
            referenced.add(m.group(1));
        }
        Map<String, String> env = new HashMap<>();
        Set<String> fromSecret = new TreeSet<>();
        String secretName = byKind.get("Secret").path("metadata").path("name").asText();
        JsonNode secretData = byKind.get("Secret").path("stringData");
        for (JsonNode e : container().path("env")) {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                assertEquals(secretName, ref.path("name").asText(), "env " + e.path("name").asText());
                assertTrue(secretData.has(ref.path("key").asText()), "Secret key " + ref.path("key").asText());
                fromSecret.add(e.path("name").asText());
                env.put(e.path("name").asText(), secretData.path(ref.path("key").asText()).asText());
            }
        }
        assertFalse(referenced.isEmpty(), "ferry.yaml takes its passwords from the environment");
        assertEquals(referenced, fromSecret, "the ${env:...} of ferry.yaml and the Secret's env of the container");
        FerryConfig config = ConfigLoader.parse(yaml, "deploy/kubernetes/configmap.yaml", env);
        assertEquals(httpContainerPort(), config.http().port(), "http.port is the container port named http");
    }

    @Test
    void theContainerReadsTheConfigMapAndKeepsItsStateOnTheClaimedVolume() {
        JsonNode set = byKind.get("StatefulSet");
        JsonNode spec = set.path("spec");
        assertEquals(1, spec.path("replicas").asInt(), "one process captures a source");
        spec.path("selector").path("matchLabels").fields().forEachRemaining(label -> assertEquals(label.getValue(),
                spec.path("template").path("metadata").path("labels").path(label.getKey()), "selector " + label.getKey()));
        List<String> args = new ArrayList<>();
        container().path("args").forEach(a -> args.add(a.asText()));
        assertEquals("run", args.get(0));
        String configFile = args.get(args.indexOf("--config") + 1);
        String stateDir = args.get(args.indexOf("--state-dir") + 1);
        String configVolume = volumeMountedAt(configFile.substring(0, configFile.lastIndexOf('/')));
        JsonNode volume = null;
        for (JsonNode v : spec.path("template").path("spec").path("volumes")) {
            if (v.path("name").asText().equals(configVolume)) {
                volume = v;
            }
        }
        assertNotNull(volume, "volume " + configVolume);
        assertEquals(byKind.get("ConfigMap").path("metadata").path("name").asText(), volume.path("configMap").path("name").asText());
        assertTrue(byKind.get("ConfigMap").path("data").has(configFile.substring(configFile.lastIndexOf('/') + 1)));
        assertEquals(spec.path("volumeClaimTemplates").get(0).path("metadata").path("name").asText(), volumeMountedAt(stateDir));
    }

    @Test
    void probesAskHealthOnTheHttpPortAndTheServiceAndMonitorReachIt() {
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            JsonNode get = container().path(probe).path("httpGet");
            assertEquals("/health", get.path("path").asText(), probe);
            assertEquals(httpContainerPort(), port(get.path("port")), probe);
        }
        JsonNode service = byKind.get("Service").path("spec");
        JsonNode labels = byKind.get("StatefulSet").path("spec").path("template").path("metadata").path("labels");
        service.path("selector").fields().forEachRemaining(l -> assertEquals(l.getValue(), labels.path(l.getKey())));
        JsonNode servicePort = service.path("ports").get(0);
        assertEquals(httpContainerPort(), port(servicePort.path("targetPort")));
        JsonNode endpoint = byKind.get("ServiceMonitor").path("spec").path("endpoints").get(0);
        assertEquals(servicePort.path("name").asText(), endpoint.path("port").asText());
        assertEquals("/metrics", endpoint.path("path").asText());
        JsonNode annotations = byKind.get("StatefulSet").path("spec").path("template").path("metadata").path("annotations");
        assertEquals(String.valueOf(httpContainerPort()), annotations.path("prometheus.io/port").asText());
        assertEquals("/metrics", annotations.path("prometheus.io/path").asText());
    }

    @Test
    void thePodRunsAsTheUnprivilegedUserOfTheImage() throws IOException {
        String dockerfile = Files.readString(Path.of("..", "Dockerfile"));
        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(dockerfile);
        assertTrue(user.find(), "the Dockerfile runs as a numeric, non-root USER");
        assertFalse(user.group(1).equals("0"));
        assertTrue(dockerfile.contains("HEALTHCHECK") && dockerfile.contains("GET /health"), "HEALTHCHECK on /health");
        JsonNode security = byKind.get("StatefulSet").path("spec").path("template").path("spec").path("securityContext");
        assertTrue(security.path("runAsNonRoot").asBoolean());
        assertEquals(user.group(1), security.path("runAsUser").asText());
        assertEquals(user.group(2), security.path("fsGroup").asText(), "the state volume is writable by the user");
    }

    private JsonNode container() {
        JsonNode containers = byKind.get("StatefulSet").path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size());
        JsonNode c = containers.get(0);
        assertTrue(c.hasNonNull("name") && c.hasNonNull("image"), "a container needs a name and an image");
        return c;
    }

    private int httpContainerPort() {
        for (JsonNode p : container().path("ports")) {
            if (p.path("name").asText().equals("http")) {
                return p.path("containerPort").asInt();
            }
        }
        return fail("no container port named http");
    }

    /** A port given by number or by the name of a container port. */
    private int port(JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container().path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return fail("no container port named " + port.asText());
    }

    private String volumeMountedAt(String path) {
        for (JsonNode mount : container().path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                return mount.path("name").asText();
            }
        }
        return fail("nothing mounted at " + path);
    }
}
