package io.watchkeeper.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** helm template of deploy/helm/watchkeeper through helm-java (embedded Helm: no binary, no cluster). */
final class Chart {

    static final String RELEASE = "watchkeeper";
    static final String NAMESPACE = "watchkeeper";
    /** the oldest Kubernetes the chart supports (Chart.yaml kubeVersion); helm template assumes an older one */
    static final String KUBE_VERSION = "1.25.0";

    private Chart() {}

    static List<ObjectNode> render(String... valuesFiles) {
        return render(Map.of(), valuesFiles);
    }

    static List<ObjectNode> render(Map<String, Object> sets, String... valuesFiles) {
        return Manifests.parse(template(sets, valuesFiles));
    }

    static String template(Map<String, Object> sets, String... valuesFiles) {
        TemplateCommand template = new Helm(Manifests.CHART)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (String file : valuesFiles) {
            template = template.withValuesFile(valuesFile(file));
        }
        for (var set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return template.call();
    }

    /** A values file of the chart's ci/ folder, by its short name ("dev" is ci/dev-values.yaml). */
    static Path valuesFile(String name) {
        return Manifests.CHART.resolve("ci/" + name + "-values.yaml");
    }
}
