package io.watchkeeper.notifier.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.NotifierFixture;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Per-channel rate limits and circuit breakers, through the whole pipeline. The test profile shrinks DingTalk's
 * limit to 3 per 3 s (20 a minute in production) and the breaker's delay to 2 s.
 */
@NotifierTest
class ChannelGuardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    @Test
    void beyond_the_rate_limit_messages_wait_in_order_and_none_is_dropped() throws Exception {
        String token = UUID.randomUUID().toString();
        wireMock.stubFor(post(urlPathEqualTo("/robot/send"))
                .withQueryParam("access_token", equalTo(token))
                .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        String route = route(
                """
                {"name":"ding-%s","type":"dingtalk","webhookUrl":"%s/robot/send?access_token=%s"}"""
                        .formatted(token, wireMock.baseUrl(), token));
        List<AlertEvent> alerts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alerts.add(alert(route, "burst " + i, Instant.now().plusMillis(i)));
        }
        alerts.forEach(this::publish);

        Waits.recovery().until(() -> requests(token).size() == 5);
        List<LoggedRequest> requests = requests(token);
        List<String> titles = new ArrayList<>();
        for (LoggedRequest r : requests) {
            titles.add(JSON.readTree(r.getBodyAsString())
                    .path("markdown")
                    .path("title")
                    .asText());
        }
        assertThat(titles)
                .containsExactly(
                        alerts.stream().map(a -> "[FIRING] " + a.title()).toArray(String[]::new));
        Instant first = requests.get(0).getLoggedDate().toInstant();
        assertThat(Duration.between(first, requests.get(3).getLoggedDate().toInstant()))
                .as("the 4th waits for the 3-per-3-s window")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2500));
        for (AlertEvent a : alerts) {
            Waits.shortly().untilAsserted(() -> deliveries(a)
                    .body("items[0].status", org.hamcrest.Matchers.equalTo("sent"))
                    .body("items[0].attempts", org.hamcrest.Matchers.equalTo(1)));
        }
    }

    @Test
    void a_channel_that_keeps_failing_is_left_alone_then_gets_everything() {
        String key = "breaker-" + UUID.randomUUID();
        wireMock.stubFor(post(urlPathEqualTo("/cgi-bin/webhook/send"))
                .withQueryParam("key", equalTo(key))
                .willReturn(aResponse().withStatus(500))
                .withName(key));
        String route = route(
                """
                {"name":"%s","type":"wechat_work","webhookUrl":"%s/cgi-bin/webhook/send?key=%s"}"""
                        .formatted(key, wireMock.baseUrl(), key));
        List<AlertEvent> alerts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            alerts.add(alert(route, "down " + i, Instant.now().plusMillis(i)));
        }
        alerts.forEach(this::publish);

        // after 5 failures in a row the breaker opens: the next send is held back, not attempted
        Waits.flow().until(() -> alerts.stream().anyMatch(a -> {
            String error = deliveries(a).extract().path("items[0].lastError");
            return error != null && error.startsWith("held back: circuit open");
        }));
        wireMock.stubFor(post(urlPathEqualTo("/cgi-bin/webhook/send"))
                .withQueryParam("key", equalTo(key))
                .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":0,\"errmsg\":\"ok\"}"))
                .withName(key));

        for (AlertEvent a : alerts) {
            Waits.recovery()
                    .untilAsserted(() -> deliveries(a).body("items[0].status", org.hamcrest.Matchers.equalTo("sent")));
        }
        assertThat(NotifierFixture.metric("watchkeeper_notifier_deliveries_held_total", "integration=\"wechat_work\""))
                .isPositive();
    }

    private List<LoggedRequest> requests(String token) {
        return wireMock
                .findAll(postRequestedFor(urlPathEqualTo("/robot/send")).withQueryParam("access_token", equalTo(token)))
                .stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
    }

    /** A channel with a route of its own; returns the label value the route matches. */
    private static String route(String channel) {
        String route = UUID.randomUUID().toString();
        String channelId = as("admin")
                .body(channel)
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("admin")
                .body(
                        """
                {"name":"guard-%s","matchers":[{"label":"test_route","op":"=","value":"%s"}],"channelIds":["%s"],
                 "continueMatching":true}"""
                                .formatted(route, route, channelId))
                .when()
                .post("/api/v1/routes")
                .then()
                .statusCode(201);
        return route;
    }

    private static AlertEvent alert(String route, String title, Instant startsAt) {
        return new AlertEvent(
                UUID.randomUUID(),
                UUID.randomUUID().toString().substring(0, 16),
                UUID.randomUUID().toString(),
                "guards",
                "threshold",
                AlertStatus.FIRING,
                Severity.WARNING,
                title,
                null,
                Map.of("test_route", route),
                Map.of(),
                null,
                null,
                startsAt.truncatedTo(ChronoUnit.MILLIS),
                null,
                null,
                null);
    }

    /** Keyed by the route: one partition, so the notifier sees them in the order they were published. */
    private void publish(AlertEvent alert) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(
                        Topics.ALERTS,
                        alert.labels().get("test_route"),
                        CloudEvent.of(alert.alertId() + ".1", "test", alert)))
                .awaitCompletion();
    }

    private static io.restassured.response.ValidatableResponse deliveries(AlertEvent alert) {
        return as("viewer")
                .queryParam("alertId", alert.alertId().toString())
                .when()
                .get("/api/v1/deliveries")
                .then()
                .statusCode(200);
    }

    private static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role))
                .contentType(ContentType.JSON);
    }
}
