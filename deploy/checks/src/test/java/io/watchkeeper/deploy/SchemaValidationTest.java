package io.watchkeeper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every object the chart renders (defaults and each ci values file) and every kustomize overlay produces is valid
 * against the Kubernetes, Strimzi, Prometheus Operator and CloudNativePG schemas (validate/validate.mjs, npm
 * kubernetes-models; installed from validate/package-lock.json on first use).
 */
class SchemaValidationTest {

    static final Path VALIDATOR = Manifests.ROOT.resolve("deploy/checks/validate");
    static final Path OUT = Path.of("target/validated").toAbsolutePath();

    record Result(int exit, String output) {}

    @BeforeAll
    static void install() throws Exception {
        if (!Files.isDirectory(VALIDATOR.resolve("node_modules"))) {
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"));
            assertThat(npm.exit())
                    .as("npm ci in %s: %s", VALIDATOR, npm.output())
                    .isZero();
        }
    }

    @Test
    void everyRenderedObjectIsValidAgainstItsSchema() throws Exception {
        List<String> files = new ArrayList<>();
        Map<String, List<String>> charts = Map.of(
                "defaults",
                List.of(),
                "dev",
                List.of("dev"),
                "prod",
                List.of("prod"),
                "cloudnative-pg",
                List.of("cloudnative-pg"));
        for (var chart : charts.entrySet()) {
            Path file = OUT.resolve("chart-" + chart.getKey() + ".yaml");
            Manifests.write(file, Chart.render(chart.getValue().toArray(String[]::new)));
            files.add(file.toString());
        }
        for (String dir : List.of("base", "overlays/dev", "overlays/prod")) {
            Path file = OUT.resolve("k8s-" + dir.replace('/', '-') + ".yaml");
            Manifests.write(file, Manifests.kustomize(Manifests.K8S.resolve(dir)));
            files.add(file.toString());
        }
        Result result = validate(files);
        assertThat(result.output()).isEmpty();
        assertThat(result.exit()).isZero();
    }

    @Test
    void aWrongTypeAMissingFieldAnUnknownKindOrATopicWithoutItsClusterFail() throws Exception {
        Path broken = OUT.resolve("broken.yaml");
        Files.createDirectories(OUT);
        Files.writeString(
                broken,
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: wrong-type}
                spec:
                  replicas: two
                  selector: {matchLabels: {app: a}}
                  template:
                    metadata: {labels: {app: a}}
                    spec: {containers: [{name: a, image: x}]}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: no-selector}
                spec:
                  template:
                    metadata: {labels: {app: a}}
                    spec: {containers: [{name: a, image: x}]}
                ---
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: wk.orphan.v1}
                spec: {partitions: 3, replicas: 1}
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: no-expr}
                spec: {groups: [{name: g, rules: [{alert: A}]}]}
                ---
                apiVersion: v1
                kind: Widget
                metadata: {name: unknown}
                """);
        Result result = validate(List.of(broken.toString()));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output())
                .contains("Deployment/wrong-type: data/spec/replicas must be integer")
                .contains("Deployment/no-selector: data/spec must have required property selector")
                .contains("KafkaTopic/wk.orphan.v1: no strimzi.io/cluster label")
                .contains("PrometheusRule/no-expr: data/spec/groups/0/rules/0 must have required property expr")
                .contains("Widget/unknown: no kind Widget in v1");
    }

    private static Result validate(List<String> files) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "validate.mjs"));
        command.addAll(files);
        return run(command);
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(VALIDATOR.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        return new Result(p.exitValue(), output);
    }
}
