package io.watchkeeper.notifier;

import static io.restassured.RestAssured.given;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the notifier's Kafka tests share. Routes are global in the test database, so each test's alerts carry a
 * {@code test_route} label of their own and its route matches on it (with continue, so other tests' routes
 * never take them).
 */
public final class NotifierFixture {

    private NotifierFixture() {
    }

    /** A WeChat Work bot stub with a channel and a route of its own. */
    public record Bot(WeChatWorkStub stub, String route, String channelId) {
    }

    /** A bot whose route has these extra settings (JSON members, e.g. {@code "groupBy":["app"]}). */
    public static Bot bot(WireMockServer wireMock, String routeSettings) {
        WeChatWorkStub stub = new WeChatWorkStub(wireMock, "bot-" + UUID.randomUUID()).acceptsMessages();
        String route = UUID.randomUUID().toString();
        String channelId = as("admin").body(ChannelResourceTest.channel("bot-" + route, stub.webhookUrl()))
                .when().post("/api/v1/channels").then().statusCode(201).extract().path("id");
        as("admin").body("""
                {"name":"route-%s","matchers":[{"label":"test_route","op":"=","value":"%s"}],"channelIds":["%s"],
                 "continueMatching":true%s}""".formatted(route, route, channelId,
                        routeSettings.isBlank() ? "" : "," + routeSettings))
                .when().post("/api/v1/routes").then().statusCode(201);
        return new Bot(stub, route, channelId);
    }

    /** A firing alert on the bot's route, named {@code name}, with more labels. */
    public static AlertEvent alert(Bot bot, String name, Severity severity, Map<String, String> extra) {
        Map<String, String> labels = new HashMap<>(extra);
        labels.put("alertname", name);
        labels.put("test_route", bot.route());
        return new AlertEvent(UUID.randomUUID(), UUID.randomUUID().toString().substring(0, 16), UUID.randomUUID().toString(),
                name, "threshold", AlertStatus.FIRING, severity, name + " " + UUID.randomUUID(), null, labels, Map.of(),
                null, null, Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, null);
    }

    /** The same alert in another state (resolved ones end now). */
    public static AlertEvent as(AlertEvent a, AlertStatus status) {
        return new AlertEvent(a.alertId(), a.fingerprint(), a.ruleId(), a.ruleName(), a.type(), status,
                a.severity(), a.title(), a.message(), a.labels(), a.annotations(), a.value(), a.threshold(), a.startsAt(),
                status == AlertStatus.RESOLVED ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : null, null, null);
    }

    public static void publish(KafkaCompanion kafka, AlertEvent alert) {
        kafka.produce(String.class, byte[].class).fromRecords(KafkaRecords.cloudEvent(Topics.ALERTS, alert.fingerprint(),
                CloudEvent.of(alert.alertId() + "." + alert.status(), "test", alert))).awaitCompletion();
    }

    public static ValidatableResponse deliveries(AlertEvent alert) {
        return as("viewer").queryParam("alertId", alert.alertId().toString())
                .when().get("/api/v1/deliveries").then().statusCode(200);
    }

    public static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role)).contentType(ContentType.JSON);
    }
}
