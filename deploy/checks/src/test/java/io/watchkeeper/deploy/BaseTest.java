package io.watchkeeper.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * k8s/base is assembled, never edited: services/&lt;service&gt;.yml is what quarkus-kubernetes wrote at package time,
 * shared.yaml is what the chart renders besides the services (shared settings, topics, monitoring), without Helm's
 * labels. A stale file fails here; {@code -Dwk.k8s.write=true} rewrites them.
 */
class BaseTest {

    static final boolean WRITE = Boolean.getBoolean("wk.k8s.write");
    static final Set<String> SHARED_KINDS = Set.of("KafkaTopic", "ServiceMonitor", "PrometheusRule");
    static final Set<String> SHARED_CONFIG_MAPS = Set.of("watchkeeper-config", "watchkeeper-dashboard");
    static final List<String> HELM_LABELS = List.of(
            "helm.sh/chart", "app.kubernetes.io/managed-by", "app.kubernetes.io/instance", "app.kubernetes.io/version");

    @Test
    void eachServiceIsWhatQuarkusWrote() throws Exception {
        for (String service : Manifests.SERVICES) {
            Path generated = Manifests.ROOT.resolve(service + "/target/kubernetes/kubernetes.yml");
            assertThat(Files.exists(generated))
                    .as(generated + " (./mvnw package writes it)")
                    .isTrue();
            Path committed = Manifests.K8S.resolve("base/services/" + service + ".yml");
            // rewritten only when it differs: quarkus-kubernetes orders labels differently from build to build
            if (WRITE && !(Files.exists(committed) && Manifests.parse(committed).equals(Manifests.parse(generated)))) {
                Files.createDirectories(committed.getParent());
                Files.copy(generated, committed, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            assertThat(Manifests.parse(committed))
                    .as(committed + " is stale: -Dwk.k8s.write=true")
                    .isEqualTo(Manifests.parse(generated));
        }
    }

    @Test
    void theSharedObjectsAreWhatTheChartRenders() {
        List<ObjectNode> shared = Chart.render().stream()
                .filter(BaseTest::isShared)
                .map(BaseTest::withoutHelmLabels)
                .toList();
        Path committed = Manifests.K8S.resolve("base/shared.yaml");
        if (WRITE && !(Files.exists(committed) && Manifests.parse(committed).equals(shared))) {
            Manifests.write(committed, shared);
        }
        assertThat(Manifests.parse(committed))
                .as(committed + " is stale: -Dwk.k8s.write=true")
                .isEqualTo(shared);
    }

    private static boolean isShared(ObjectNode o) {
        String kind = o.path("kind").asText();
        return SHARED_KINDS.contains(kind)
                || kind.equals("ConfigMap")
                        && SHARED_CONFIG_MAPS.contains(o.at("/metadata/name").asText());
    }

    private static ObjectNode withoutHelmLabels(ObjectNode o) {
        ObjectNode copy = o.deepCopy();
        ObjectNode labels = (ObjectNode) copy.at("/metadata/labels");
        HELM_LABELS.forEach(labels::remove);
        return copy;
    }
}
