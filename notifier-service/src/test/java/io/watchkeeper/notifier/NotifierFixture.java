package io.watchkeeper.notifier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.channel.ChannelResourceTest;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.WeChatWorkStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the notifier's Kafka tests share. Routes are global in the test database, so each test's alerts carry a
 * {@code test_route} label of their own and its route matches on it (with continue, so other tests' routes
 * never take them).
 */
public final class NotifierFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NotifierFixture() {}

    /** A WeChat Work bot stub with a channel and a route of its own. */
    public record Bot(WeChatWorkStub stub, String route, String channelId) {}

    /** A bot whose route has these extra settings (JSON members, e.g. {@code "groupBy":["app"]}). */
    public static Bot bot(WireMockServer wireMock, String routeSettings) {
        WeChatWorkStub stub = new WeChatWorkStub(wireMock, "bot-" + UUID.randomUUID()).acceptsMessages();
        String route = UUID.randomUUID().toString();
        String channelId = as("admin")
                .body(ChannelResourceTest.channel("bot-" + route, stub.webhookUrl()))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("admin")
                .body(
                        """
                {"name":"route-%s","matchers":[{"label":"test_route","op":"=","value":"%s"}],"channelIds":["%s"],
                 "continueMatching":true%s}"""
                                .formatted(route, route, channelId, routeSettings.isBlank() ? "" : "," + routeSettings))
                .when()
                .post("/api/v1/routes")
                .then()
                .statusCode(201);
        return new Bot(stub, route, channelId);
    }

    /** A receiver of Alertmanager webhooks (not rate-limited, 32 sends at once) with a channel and a route of its own. */
    public record Receiver(WireMockServer wireMock, String path, String route, String routeId, String channelId) {

        /** The {@code n} label of every alert received so far, once per message it came in. */
        public List<String> received() {
            List<String> ns = new ArrayList<>();
            for (var request : wireMock.findAll(postRequestedFor(urlPathEqualTo(path)))) {
                try {
                    JSON.readTree(request.getBodyAsString())
                            .path("alerts")
                            .forEach(a -> ns.add(a.path("labels").path("n").asText()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return ns;
        }
    }

    /** A receiver answering after {@code delayMs}, whose route has these extra settings. */
    public static Receiver receiver(WireMockServer wireMock, int delayMs, String routeSettings) {
        String route = UUID.randomUUID().toString();
        String path = "/receiver/" + route;
        wireMock.stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)));
        String channelId = as("admin")
                .body("""
                {"name":"receiver %s","type":"alertmanager_webhook","webhookUrl":"%s%s"}"""
                        .formatted(route, wireMock.baseUrl(), path))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String routeId = as("admin")
                .body(
                        """
                {"name":"receiver %s","matchers":[{"label":"test_route","op":"=","value":"%s"}],"channelIds":["%s"],
                 "continueMatching":true%s}"""
                                .formatted(route, route, channelId, routeSettings.isBlank() ? "" : "," + routeSettings))
                .when()
                .post("/api/v1/routes")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new Receiver(wireMock, path, route, routeId, channelId);
    }

    /** {@code count} firing alerts on the receiver's route, labelled n = 0, 1, …, published at once. */
    public static List<AlertEvent> publishMany(KafkaCompanion kafka, Receiver receiver, int count) {
        List<AlertEvent> alerts = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AlertEvent alert = new AlertEvent(
                    UUID.randomUUID(),
                    String.format("%016x", i),
                    UUID.randomUUID().toString(),
                    "many",
                    "threshold",
                    AlertStatus.FIRING,
                    Severity.WARNING,
                    "many " + i,
                    null,
                    Map.of("test_route", receiver.route(), "n", Integer.toString(i)),
                    Map.of(),
                    null,
                    null,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    null,
                    null,
                    null);
            alerts.add(alert);
            records.add(KafkaRecords.cloudEvent(Topics.ALERTS, alert.fingerprint(), CloudEvent.of("test", alert)));
        }
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion();
        return alerts;
    }

    /** A firing alert on the bot's route, named {@code name}, with more labels. */
    public static AlertEvent alert(Bot bot, String name, Severity severity, Map<String, String> extra) {
        return alert(bot.route(), name, severity, extra);
    }

    /** A firing alert on a test route, named {@code name}, with more labels. */
    public static AlertEvent alert(String route, String name, Severity severity, Map<String, String> extra) {
        Map<String, String> labels = new HashMap<>(extra);
        labels.put("alertname", name);
        labels.put("test_route", route);
        return new AlertEvent(
                UUID.randomUUID(),
                UUID.randomUUID().toString().substring(0, 16),
                UUID.randomUUID().toString(),
                name,
                "threshold",
                AlertStatus.FIRING,
                severity,
                name + " " + UUID.randomUUID(),
                null,
                labels,
                Map.of(),
                null,
                null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                null,
                null,
                null);
    }

    /** The same alert in another state (resolved ones end now). */
    public static AlertEvent as(AlertEvent a, AlertStatus status) {
        return new AlertEvent(
                a.alertId(),
                a.fingerprint(),
                a.ruleId(),
                a.ruleName(),
                a.type(),
                status,
                a.severity(),
                a.title(),
                a.message(),
                a.labels(),
                a.annotations(),
                a.value(),
                a.threshold(),
                a.startsAt(),
                status == AlertStatus.RESOLVED ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : null,
                null,
                null);
    }

    public static void publish(KafkaCompanion kafka, AlertEvent alert) {
        publish(kafka, alert.fingerprint(), CloudEvent.of(alert.alertId() + "." + alert.status(), "test", alert));
    }

    /** One event as it is, under a chosen key (one key: one partition, consumed in this order). */
    public static void publish(KafkaCompanion kafka, String key, CloudEvent<AlertEvent> event) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.ALERTS, key, event))
                .awaitCompletion();
    }

    /** A counter from the metrics endpoint, summed over its series whose labels contain {@code labels} ("" for all). */
    public static double metric(String name, String labels) {
        return given().get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .filter(l -> l.contains(labels))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    public static ValidatableResponse deliveries(AlertEvent alert) {
        return as("viewer")
                .queryParam("alertId", alert.alertId().toString())
                .when()
                .get("/api/v1/deliveries")
                .then()
                .statusCode(200);
    }

    public static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role))
                .contentType(ContentType.JSON);
    }
}
