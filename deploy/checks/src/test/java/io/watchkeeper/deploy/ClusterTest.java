package io.watchkeeper.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.watchkeeper.notifier.action.Action;
import io.watchkeeper.notifier.action.RolloutRestart;
import io.watchkeeper.notifier.action.RunOutcome;
import io.watchkeeper.notifier.action.RunResult;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's prod rendering applied to fabric8's Kubernetes API server, which enforces the notifier's RBAC: the
 * notifier's own rollout restart works in a namespace the admin listed and is forbidden everywhere else and for
 * anything but a deployment.
 */
class ClusterTest {

    static final String NOTIFIER_TOKEN = "notifier-service-token";
    static final List<CustomResourceDefinitionContext> CUSTOM_RESOURCES = List.of(
            custom("kafka.strimzi.io", "v1beta2", "KafkaTopic", "kafkatopics"),
            custom("monitoring.coreos.com", "v1", "ServiceMonitor", "servicemonitors"),
            custom("monitoring.coreos.com", "v1", "PrometheusRule", "prometheusrules"));
    static List<ObjectNode> manifests;
    static KubernetesMockServer server;
    static KubernetesClient admin;
    static KubernetesClient notifier;

    @BeforeAll
    static void apply() throws Exception {
        System.setProperty("kubernetes.http2.disable", "true");
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        manifests = Chart.render("prod");
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new RbacApiServer(NOTIFIER_TOKEN, "notifier-service", Chart.NAMESPACE, manifests),
                false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        admin = server.createClient();
        notifier = server.createClient(
                b -> b.withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(admin.getConfiguration())
                        .withOauthToken(NOTIFIER_TOKEN)
                        .build()));
        CUSTOM_RESOURCES.forEach(server::expectCustomResource);
        for (ObjectNode o : manifests) {
            GenericKubernetesResource resource = Serialization.unmarshal(o.toString(), GenericKubernetesResource.class);
            resources(o).resource(resource).create();
        }
        for (String namespace : List.of("shop", "billing")) {
            admin.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .resource(workload(namespace))
                    .create();
        }
        admin.apps()
                .statefulSets()
                .inNamespace("shop")
                .resource(new StatefulSetBuilder()
                        .withNewMetadata()
                        .withName("db")
                        .endMetadata()
                        .withNewSpec()
                        .withNewSelector()
                        .addToMatchLabels("app", "db")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "db")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("db")
                        .withImage("postgres")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    @AfterAll
    static void stop() {
        notifier.close();
        admin.close();
        server.destroy();
    }

    @Test
    void everyRenderedObjectIsStoredByTheApiServer() {
        for (ObjectNode o : manifests) {
            var stored = resources(o).withName(o.at("/metadata/name").asText()).get();
            assertThat(stored).as(Manifests.kindAndName(o)).isNotNull();
        }
        assertThat(admin.apps()
                        .deployments()
                        .inNamespace(Chart.NAMESPACE)
                        .list()
                        .getItems())
                .hasSize(6);
    }

    @Test
    void theNotifierRestartsADeploymentInANamespaceTheAdminListed() {
        RunOutcome outcome = restart("deployment", "shop", "web");
        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(RunResult.DONE);
        Deployment web =
                admin.apps().deployments().inNamespace("shop").withName("web").get();
        assertThat(web.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey(RolloutRestart.ANNOTATION);
    }

    @Test
    void theNotifierIsForbiddenElsewhereAndForAnythingButDeployments() {
        assertThatThrownBy(() -> restart("deployment", "billing", "web"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                        .isEqualTo(403));
        assertThat(admin.apps()
                        .deployments()
                        .inNamespace("billing")
                        .withName("web")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .doesNotContainKey(RolloutRestart.ANNOTATION);
        assertThatThrownBy(() -> restart("statefulset", "shop", "db"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                        .isEqualTo(403));
        assertThatThrownBy(() -> notifier.apps()
                        .deployments()
                        .inNamespace("shop")
                        .withName("web")
                        .delete())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                        .isEqualTo(403));
        assertThatThrownBy(() -> notifier.secrets().inNamespace(Chart.NAMESPACE).list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                        .isEqualTo(403));
    }

    /** The API of the object's kind, in its namespace (the release's when it names none). */
    private static NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            resources(ObjectNode o) {
        String apiVersion = o.get("apiVersion").asText();
        String kind = o.get("kind").asText();
        String namespace = o.at("/metadata/namespace").asText(Chart.NAMESPACE);
        return CUSTOM_RESOURCES.stream()
                .filter(c -> kind.equals(c.getKind()) && apiVersion.equals(c.getGroup() + "/" + c.getVersion()))
                .findFirst()
                .map(c -> admin.genericKubernetesResources(c))
                .orElseGet(() -> admin.genericKubernetesResources(apiVersion, kind))
                .inNamespace(namespace);
    }

    private static RunOutcome restart(String kind, String namespace, String name) {
        return new RolloutRestart(notifier)
                .restart(new Action.Target(namespace, kind, name, null, null))
                .await()
                .atMost(Duration.ofSeconds(30));
    }

    private static CustomResourceDefinitionContext custom(String group, String version, String kind, String plural) {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withScope("Namespaced")
                .build();
    }

    private static Deployment workload(String namespace) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .addToAnnotations("team", namespace)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
