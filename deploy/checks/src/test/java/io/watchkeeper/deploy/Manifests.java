package io.watchkeeper.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** Rendered Kubernetes objects: parsing, finding, and where the repository's deployment files are. */
final class Manifests {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path CHART = ROOT.resolve("deploy/helm/watchkeeper");
    static final Path K8S = ROOT.resolve("k8s");
    /** Kubernetes name of each service, by its key in the chart's values */
    static final List<String> SERVICES = List.of(
            "api-gateway",
            "collector-service",
            "evaluator-service",
            "notifier-service",
            "quota-service",
            "iam-service");

    static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private Manifests() {}

    static List<ObjectNode> parse(String yaml) {
        try {
            List<ObjectNode> objects = new ArrayList<>();
            try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc instanceof ObjectNode o && o.has("kind")) {
                        objects.add(o);
                    }
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ObjectNode> parse(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String kindAndName(JsonNode o) {
        String ns = o.path("metadata").path("namespace").asText("");
        return o.path("kind").asText() + "/" + (ns.isEmpty() ? "" : ns + "/")
                + o.path("metadata").path("name").asText();
    }

    static Set<String> kindsAndNames(List<ObjectNode> objects) {
        Set<String> out = new TreeSet<>();
        objects.forEach(o -> out.add(kindAndName(o)));
        return out;
    }

    static Optional<ObjectNode> find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    static ObjectNode get(List<ObjectNode> objects, String kind, String name) {
        return find(objects, kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in " + kindsAndNames(objects)));
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind))
                .toList();
    }

    /** {@code kubectl kustomize DIR} (offline: no API server involved). */
    static List<ObjectNode> kustomize(Path dir) {
        try {
            Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectErrorStream(false)
                    .start();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
            }
            return parse(new String(out));
        } catch (IOException e) {
            throw new AssertionError("kubectl is needed for the kustomize checks (TOOLCHAIN.md): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void write(Path file, List<? extends JsonNode> objects) {
        try {
            Files.createDirectories(file.getParent());
            StringBuilder out = new StringBuilder();
            for (JsonNode o : objects) {
                out.append("---\n").append(YAML.writeValueAsString(o));
            }
            Files.writeString(file, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
