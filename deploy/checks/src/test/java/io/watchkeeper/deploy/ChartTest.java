package io.watchkeeper.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * helm lint and helm template of the chart with its defaults and every values file of ci/; bad values fail with the
 * schema's message naming the value.
 */
class ChartTest {

    @Test
    void lintsCleanWithItsDefaults() {
        LintResult lint = new Helm(Manifests.CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint: %s", lint.getMessages()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "cloudnative-pg"})
    void lintsCleanWithEachValuesFile(String values) throws Exception {
        // helm-java's lint takes no values file: a copy of the chart whose values.yaml is the defaults with the file's
        // values laid over them, as `helm lint -f` would see it
        Path copy = Path.of("target/lint-" + values + "/watchkeeper").toAbsolutePath();
        copyTree(Manifests.CHART, copy);
        JsonNode merged = merge(
                Manifests.YAML.readTree(Manifests.CHART.resolve("values.yaml").toFile()),
                Manifests.YAML.readTree(Chart.valuesFile(values).toFile()));
        Files.writeString(copy.resolve("values.yaml"), Manifests.YAML.writeValueAsString(merged));
        LintResult lint = new Helm(copy).lint().strict().call();
        assertThat(lint.isFailed())
                .as("helm lint with %s: %s", values, lint.getMessages())
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dev", "prod", "cloudnative-pg"})
    void rendersEveryServiceReadyToRun(String values) {
        List<ObjectNode> objects = values.isEmpty() ? Chart.render() : Chart.render(values);
        for (String service : Manifests.SERVICES) {
            ObjectNode pod =
                    (ObjectNode) Manifests.get(objects, "Deployment", service).at("/spec/template/spec");
            var container = pod.at("/containers/0");
            assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.at("/resources/limits/memory").asText())
                    .as(service)
                    .isNotEmpty();
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean())
                    .isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true))
                    .isFalse();
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
            assertThat(pod.at("/initContainers/0/name").asText()).isEqualTo("migrate");
            assertThat(container.toString()).doesNotContain("WK_ENCRYPTION_KEY\",\"value");
        }
        assertThat(Manifests.ofKind(objects, "Secret"))
                .as("the chart never renders a secret")
                .isEmpty();
    }

    @Test
    void aMistypedSettingFailsTheInstallNamingIt() {
        assertThatThrownBy(() -> Chart.render(Map.of("services.notifier.config.WK_NOTIFER_GROUP", "x")))
                .hasMessageContaining("/services/notifier/config")
                .hasMessageContaining("WK_NOTIFER_GROUP");
    }

    @Test
    void aWrongTypeFailsTheInstallNamingIt() {
        assertThatThrownBy(() -> Chart.render(Map.of("services.gateway.replicas", "two")))
                .hasMessageContaining("/services/gateway/replicas");
        assertThatThrownBy(() -> Chart.render(Map.of("kafka.bootstrapServers", "kafka")))
                .hasMessageContaining("/kafka/bootstrapServers");
        assertThatThrownBy(() -> Chart.render(Map.of("notifier.remediation.resources[0]", "pods")))
                .hasMessageContaining("/notifier/remediation/resources/0");
    }

    @Test
    void rolloutRestartIsGrantedGetAndPatchOnDeploymentsInTheListedNamespacesOnly() {
        List<ObjectNode> objects = Chart.render("prod");
        List<ObjectNode> roles = Manifests.ofKind(objects, "Role");
        assertThat(roles)
                .extracting(r -> r.at("/metadata/namespace").asText())
                .containsExactlyInAnyOrder("shop", "payments");
        for (ObjectNode role : roles) {
            assertThat(role.at("/rules").size()).isEqualTo(1);
            assertThat(role.at("/rules/0/apiGroups").toString()).isEqualTo("[\"apps\"]");
            assertThat(role.at("/rules/0/resources").toString()).isEqualTo("[\"deployments\"]");
            assertThat(role.at("/rules/0/verbs").toString()).isEqualTo("[\"get\",\"patch\"]");
        }
        for (ObjectNode binding : Manifests.ofKind(objects, "RoleBinding")) {
            assertThat(binding.at("/subjects/0/name").asText()).isEqualTo("notifier-service");
            assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo(Chart.NAMESPACE);
        }
        assertThat(Manifests.ofKind(Chart.render(), "Role"))
                .as("no namespace listed, no permission")
                .isEmpty();
    }

    private static JsonNode merge(JsonNode base, JsonNode over) {
        if (base instanceof ObjectNode b && over instanceof ObjectNode o) {
            ObjectNode out = b.deepCopy();
            o.fieldNames().forEachRemaining(f -> out.set(f, merge(b.get(f), o.get(f))));
            return out;
        }
        return over;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
