package io.watchkeeper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart and k8s/ deploy the same thing: the same kinds and names (defaults against k8s/base, each ci values file
 * against its overlay), and for every service the containers, probes, environment, resources and security that
 * quarkus-kubernetes wrote at package time.
 */
class SamenessTest {

    static List<ObjectNode> chart;

    @BeforeAll
    static void render() {
        chart = Chart.render();
    }

    @Test
    void theChartsDefaultsAndK8sBaseHaveTheSameKindsAndNames() {
        assertThat(Manifests.kindsAndNames(Manifests.kustomize(Manifests.K8S.resolve("base"))))
                .containsExactlyElementsOf(Manifests.kindsAndNames(chart));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachOverlayMatchesItsValuesFile(String overlay) {
        List<ObjectNode> kustomized = Manifests.kustomize(Manifests.K8S.resolve("overlays/" + overlay));
        List<ObjectNode> rendered = Chart.render(overlay);
        assertThat(Manifests.kindsAndNames(kustomized)).containsExactlyElementsOf(Manifests.kindsAndNames(rendered));
        for (ObjectNode deployment : Manifests.ofKind(rendered, "Deployment")) {
            String name = deployment.at("/metadata/name").asText();
            assertThat(Manifests.get(kustomized, "Deployment", name).at("/spec/replicas"))
                    .as(name + " replicas")
                    .isEqualTo(deployment.at("/spec/replicas"));
        }
        for (String kind : List.of("HorizontalPodAutoscaler", "Role", "Ingress")) {
            for (ObjectNode o : Manifests.ofKind(rendered, kind)) {
                ObjectNode k = Manifests.ofKind(kustomized, kind).stream()
                        .filter(x -> Manifests.kindAndName(x).equals(Manifests.kindAndName(o)))
                        .findFirst()
                        .orElseThrow(
                                () -> new AssertionError("overlay " + overlay + " lacks " + Manifests.kindAndName(o)));
                assertThat(k.get("spec") == null ? k.get("rules") : k.get("spec"))
                        .as(Manifests.kindAndName(o))
                        .isEqualTo(o.get("spec") == null ? o.get("rules") : o.get("spec"));
            }
        }
    }

    static List<String> services() {
        return Manifests.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void theChartRendersWhatQuarkusWroteForTheService(String service) {
        Path generated = Manifests.ROOT.resolve(service + "/target/kubernetes/kubernetes.yml");
        assertThat(Files.exists(generated))
                .as(generated + " (./mvnw package writes it)")
                .isTrue();
        List<ObjectNode> quarkus = Manifests.parse(generated);

        JsonNode want = Manifests.get(quarkus, "Deployment", service).at("/spec");
        JsonNode got = Manifests.get(chart, "Deployment", service).at("/spec");
        assertThat(got.get("replicas")).isEqualTo(want.get("replicas"));
        assertThat(got.get("selector")).isEqualTo(want.get("selector"));
        for (String field :
                List.of("containers", "initContainers", "securityContext", "volumes", "serviceAccountName")) {
            assertThat(got.at("/template/spec/" + field))
                    .as(service + " pod " + field)
                    .isEqualTo(want.at("/template/spec/" + field));
        }
        assertThat(want.at("/template/spec/initContainers/0/image"))
                .as("the migration runs the service's own image")
                .isEqualTo(want.at("/template/spec/containers/0/image"));

        assertThat(Manifests.get(chart, "Service", service).get("spec"))
                .isEqualTo(Manifests.get(quarkus, "Service", service).get("spec"));
        assertThat(Manifests.get(chart, "ConfigMap", service + "-config").get("data"))
                .isEqualTo(
                        Manifests.get(quarkus, "ConfigMap", service + "-config").get("data"));
        assertThat(Manifests.get(chart, "ServiceAccount", service).get("automountServiceAccountToken"))
                .isEqualTo(Manifests.get(quarkus, "ServiceAccount", service).get("automountServiceAccountToken"));
        for (String kind : List.of("PodDisruptionBudget", "NetworkPolicy")) {
            assertThat(Manifests.get(chart, kind, service).get("spec"))
                    .as(service + " " + kind)
                    .isEqualTo(Manifests.get(quarkus, kind, service).get("spec"));
        }
    }
}
