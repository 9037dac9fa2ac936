package io.watchkeeper.notifier.action;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Remediation against fabric8's Kubernetes mock server and a stub endpoint, with alerts on the real broker. */
@NotifierTest
@QuarkusTestResource(KubernetesApi.class)
class ActionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    InterruptedRuns interrupted;

    @Inject
    Pool pool;

    @Test
    void handle_restarts_the_deployment_as_kubectl_does_once_per_cooldown() throws Exception {
        String app = "web-" + UUID.randomUUID().toString().substring(0, 8);
        deployment("shop", app, false);
        createAction(
                """
                {"name":"restart %s","type":"k8s_rollout_restart","matchers":[{"label":"app","op":"=","value":"%s"}],
                 "cooldownMinutes":10,"target":{"namespace":"shop","kind":"deployment","name":"%s"}}"""
                        .formatted(app, app, app));
        AlertEvent alert = alert(app);
        publish(alert);
        Waits.flow().untilAsserted(() -> as("operator")
                .post("/api/v1/alerts/" + alert.alertId() + "/handle")
                .then()
                .statusCode(200)
                .body("[0].result", equalTo("done"))
                .body("[0].trigger", equalTo("manual")));

        // kubectl's request first: a strategic merge with its field manager (the mock answers 415 and takes the merge
        // patch that follows; a real API server takes the first)
        List<RecordedRequest> patches = new ArrayList<>();
        for (RecordedRequest r = KubernetesApi.server.takeRequest(100, TimeUnit.MILLISECONDS);
                r != null;
                r = KubernetesApi.server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            if (r.getMethod().equals("PATCH") && r.getPath().contains("/deployments/" + app)) {
                patches.add(r);
            }
        }
        assertThat(patches).isNotEmpty();
        assertThat(patches.get(0).getHeader("Content-Type")).startsWith("application/strategic-merge-patch+json");
        assertThat(patches.get(0).getPath())
                .startsWith("/apis/apps/v1/namespaces/shop/deployments/" + app)
                .contains("fieldManager=kubectl-rollout");
        Deployment restarted = KubernetesApi.client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName(app)
                .get();
        String at =
                restarted.getSpec().getTemplate().getMetadata().getAnnotations().get(RolloutRestart.ANNOTATION);
        assertThat(Instant.parse(at))
                .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));

        as("operator")
                .post("/api/v1/alerts/" + alert.alertId() + "/handle")
                .then()
                .statusCode(200)
                .body("[0].result", equalTo("cooldown"));
        assertThat(KubernetesApi.client
                        .apps()
                        .deployments()
                        .inNamespace("shop")
                        .withName(app)
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations()
                        .get(RolloutRestart.ANNOTATION))
                .isEqualTo(at);
        as("viewer")
                .queryParam("alertId", alert.alertId().toString())
                .get("/api/v1/action-runs")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.actor", org.hamcrest.Matchers.everyItem(equalTo("operator-user")));
        as("viewer")
                .queryParam("alertId", alert.alertId().toString())
                .queryParam("page", 1)
                .queryParam("size", 1)
                .get("/api/v1/action-runs")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.result", contains("cooldown"));
    }

    @Test
    void actions_are_read_one_by_one_and_a_page_at_a_time() {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> ids = new ArrayList<>();
        for (String name : List.of("c", "a", "b")) {
            ids.add(createAction(
                    """
                    {"name":"%s","tenant":"%s","type":"k8s_rollout_restart","matchers":[{"label":"app","op":"=","value":"x"}],
                     "target":{"namespace":"%s-shop","name":"web"}}"""
                            .formatted(name, tenant, tenant)));
        }
        as("viewer")
                .get("/api/v1/actions/" + ids.get(0))
                .then()
                .statusCode(200)
                .body("name", equalTo("c"))
                .body("target.namespace", equalTo(tenant + "-shop"))
                .body("matchers.label", hasItems("app", "tenant"));
        as("viewer").get("/api/v1/actions/" + UUID.randomUUID()).then().statusCode(404);
        as("viewer")
                .queryParam("tenant", tenant)
                .queryParam("size", 2)
                .get("/api/v1/actions")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.name", contains("a", "b"));
        as("viewer")
                .queryParam("tenant", tenant)
                .queryParam("page", 1)
                .queryParam("size", 2)
                .get("/api/v1/actions")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.name", contains("c"));
        as("viewer").queryParam("size", 501).get("/api/v1/actions").then().statusCode(400);
    }

    @Test
    void a_paused_deployment_is_refused() {
        String app = "paused-" + UUID.randomUUID().toString().substring(0, 8);
        deployment("shop", app, true);
        createAction(
                """
                {"name":"restart %s","type":"k8s_rollout_restart","matchers":[{"label":"app","op":"=","value":"%s"}],
                 "target":{"namespace":"shop","name":"%s"}}"""
                        .formatted(app, app, app));
        AlertEvent alert = alert(app);
        publish(alert);
        Waits.flow().untilAsserted(() -> as("operator")
                .post("/api/v1/alerts/" + alert.alertId() + "/handle")
                .then()
                .statusCode(200)
                .body("[0].result", equalTo("refused"))
                .body("[0].detail", org.hamcrest.Matchers.containsString("paused")));
        assertThat(KubernetesApi.client
                        .apps()
                        .deployments()
                        .inNamespace("shop")
                        .withName(app)
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .doesNotContainKey(RolloutRestart.ANNOTATION);
    }

    @Test
    void a_heartbeat_alert_restarts_its_deployment_by_itself_once() {
        String app = "worker-" + UUID.randomUUID().toString().substring(0, 8);
        deployment("shop", app, false);
        createAction(
                """
                {"name":"restart silent %s","type":"k8s_rollout_restart","automatic":true,
                 "matchers":[{"label":"type","op":"=","value":"absence"},{"label":"app","op":"=","value":"%s"}],
                 "target":{"namespace":"shop","name":"%s"}}"""
                        .formatted(app, app, app));
        AlertEvent silent = alert(app); // the evaluator's absence alert: no heartbeat from the app

        publish(silent);
        publish(silent);

        Waits.flow().untilAsserted(() -> assertThat(KubernetesApi.client
                        .apps()
                        .deployments()
                        .inNamespace("shop")
                        .withName(app)
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .containsKey(RolloutRestart.ANNOTATION));
        Waits.flow().untilAsserted(() -> as("viewer")
                .queryParam("alertId", silent.alertId().toString())
                .get("/api/v1/action-runs")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].result", equalTo("done"))
                .body("items[0].trigger", equalTo("automatic"))
                .body("items[0].actor", equalTo("notifier")));
        Waits.quiet().untilAsserted(() -> as("viewer")
                .queryParam("alertId", silent.alertId().toString())
                .get("/api/v1/action-runs")
                .then()
                .body("total", equalTo(1)));
    }

    @Test
    void an_automatic_http_action_runs_once_per_alert_however_often_it_arrives() throws Exception {
        String app = "api-" + UUID.randomUUID().toString().substring(0, 8);
        String path = "/hooks/" + app;
        wireMock.stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(202).withBody("queued")));
        createAction(
                """
                {"name":"page %s","type":"http","automatic":true,"matchers":[{"label":"app","op":"=","value":"%s"}],
                 "url":"%s","target":{"method":"POST","bodyTemplate":"{\\"alert\\":\\"{alertId}\\",\\"title\\":\\"{title}\\"}"}}"""
                        .formatted(app, app, wireMock.baseUrl() + path));
        AlertEvent alert = alert(app);
        ConsumerTask<String, byte[]> deliveries = KafkaRecords.fromNow(kafka, Topics.DELIVERIES, r -> true);

        publish(alert);
        publish(alert);

        Waits.flow().untilAsserted(() -> as("viewer")
                .queryParam("alertId", alert.alertId().toString())
                .get("/api/v1/action-runs")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].result", equalTo("done"))
                .body("items[0].trigger", equalTo("automatic")));
        assertThat(wireMock.findAll(postRequestedFor(urlPathEqualTo(path)))).hasSize(1);
        JsonNode body = JSON.readTree(
                wireMock.findAll(postRequestedFor(urlPathEqualTo(path))).get(0).getBodyAsString());
        assertThat(body.path("alert").asText()).isEqualTo(alert.alertId().toString());
        assertThat(body.path("title").asText()).isEqualTo(alert.title());

        // the run is on wk.deliveries.v1 with the messages, as an action entry
        Waits.flow().until(() -> deliveries.getRecords().stream()
                .map(r -> CloudEventCodec.instance()
                        .decode(r.headers(), r.value(), DeliveryEvent.class)
                        .data())
                .anyMatch(e -> e.alertId().equals(alert.alertId().toString())
                        && e.action() != null
                        && e.channel().equals("action:" + e.action().id())
                        && e.status() == DeliveryEvent.Status.SENT
                        && e.action().result().equals("done")
                        && e.action().trigger().equals("automatic")
                        && e.action().name().equals("page " + app)));
        deliveries.close();
    }

    @Test
    void a_run_cut_short_by_a_stop_is_recorded_failed_and_frees_its_target() throws Exception {
        String app = "crashed-" + UUID.randomUUID().toString().substring(0, 8);
        deployment("shop", app, false);
        UUID actionId = createAction(
                """
                {"name":"restart %s","type":"k8s_rollout_restart","matchers":[{"label":"app","op":"=","value":"%s"}],
                 "cooldownMinutes":10,"target":{"namespace":"shop","name":"%s"}}"""
                        .formatted(app, app, app));
        AlertEvent alert = alert(app);
        publish(alert);
        // what a notifier killed mid-restart leaves behind: a run claimed four minutes ago, never finished
        UUID crashed = UUID.randomUUID();
        pool.preparedQuery(
                        """
                        INSERT INTO action_run (id, action_id, alert_id, target_key, trigger, actor, result, at)
                        VALUES ($1, $2, $3, $4, 'manual', 'operator-user', 'running', now() - interval '4 minutes')""")
                .execute(Tuple.of(
                        crashed,
                        actionId,
                        alert.alertId(),
                        new Action.Target("shop", "deployment", app, null, null).key(actionId)))
                .await()
                .atMost(Duration.ofSeconds(10));
        ConsumerTask<String, byte[]> deliveries = KafkaRecords.fromNow(kafka, Topics.DELIVERIES, r -> true);

        // it holds the target's cooldown, and is not yet taken for interrupted (actions have 5 minutes)
        Waits.flow().untilAsserted(() -> as("operator")
                .post("/api/v1/alerts/" + alert.alertId() + "/handle")
                .then()
                .statusCode(200)
                .body("[0].result", equalTo("cooldown")));
        assertThat(interrupted.sweep().await().atMost(Duration.ofSeconds(10))).isZero();

        pool.preparedQuery("UPDATE action_run SET at = now() - interval '6 minutes' WHERE id = $1")
                .execute(Tuple.of(crashed))
                .await()
                .atMost(Duration.ofSeconds(10));
        assertThat(interrupted.sweep().await().atMost(Duration.ofSeconds(10))).isEqualTo(1);

        as("viewer")
                .queryParam("alertId", alert.alertId().toString())
                .get("/api/v1/action-runs")
                .then()
                .statusCode(200)
                .body("items.find { it.id == '%s' }.result".formatted(crashed), equalTo("failed"))
                .body("items.find { it.id == '%s' }.detail".formatted(crashed), containsString("interrupted"));
        Waits.flow().until(() -> deliveries.getRecords().stream()
                .map(r -> CloudEventCodec.instance().decode(r.headers(), r.value(), DeliveryEvent.class))
                .anyMatch(e -> e.id().equals(crashed + ".failed.1")
                        && e.data().status() == DeliveryEvent.Status.FAILED
                        && e.data().action().result().equals("failed")));
        deliveries.close();
        // the target is free again: the next handle restarts it
        as("operator")
                .post("/api/v1/alerts/" + alert.alertId() + "/handle")
                .then()
                .statusCode(200)
                .body("[0].result", equalTo("done"));
        assertThat(KubernetesApi.client
                        .apps()
                        .deployments()
                        .inNamespace("shop")
                        .withName(app)
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .containsKey(RolloutRestart.ANNOTATION);
    }

    @Test
    void bad_actions_are_400s_naming_the_field() {
        as("admin")
                .body(
                        """
                {"name":"x-%s","type":"k8s_rollout_restart","matchers":[{"label":"app","op":"=","value":"x"}],"target":{"name":"web"}}"""
                                .formatted(UUID.randomUUID()))
                .post("/api/v1/actions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("target.namespace"));
        as("admin")
                .body(
                        """
                {"name":"x-%s","type":"http","matchers":[{"label":"app","op":"=","value":"x"}],"url":"https://example.com/h",
                 "target":{"bodyTemplate":"{nope}"}}"""
                                .formatted(UUID.randomUUID()))
                .post("/api/v1/actions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("target.bodyTemplate"));
        as("admin")
                .body(
                        """
                {"name":"x-%s","type":"reboot_the_world","matchers":[{"label":"app","op":"=","value":"x"}],"target":{}}"""
                                .formatted(UUID.randomUUID()))
                .post("/api/v1/actions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("type"));
        as("operator")
                .post("/api/v1/alerts/" + UUID.randomUUID() + "/handle")
                .then()
                .statusCode(404);
    }

    private static void deployment(String namespace, String name, boolean paused) {
        KubernetesApi.client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withNewSpec()
                        .withPaused(paused)
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", name)
                        .addToAnnotations("team", "shop")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("web")
                        .withImage("nginx")
                        .endContainer()
                        .endSpec()
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    private static UUID createAction(String json) {
        return UUID.fromString(as("admin")
                .body(json)
                .post("/api/v1/actions")
                .then()
                .statusCode(201)
                .extract()
                .path("id"));
    }

    private static AlertEvent alert(String app) {
        return new AlertEvent(
                UUID.randomUUID(),
                UUID.randomUUID().toString().substring(0, 16),
                UUID.randomUUID().toString(),
                "web down",
                "absence",
                AlertStatus.FIRING,
                Severity.CRITICAL,
                "no heartbeat from " + app,
                null,
                Map.of("app", app),
                Map.of(),
                null,
                null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                null,
                null,
                null);
    }

    private void publish(AlertEvent alert) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(
                        Topics.ALERTS, alert.fingerprint(), CloudEvent.of(alert.alertId() + ".1", "test", alert)))
                .awaitCompletion();
    }

    private static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role))
                .contentType(ContentType.JSON);
    }
}
