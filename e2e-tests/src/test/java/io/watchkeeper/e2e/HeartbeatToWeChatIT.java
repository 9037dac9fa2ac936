package io.watchkeeper.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.watchkeeper.testsupport.OidcStub;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.WeChatWorkStub;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton through every hop, with the packaged services as processes: a heartbeat that stops →
 * an absence alert → one WeChat Work message → the heartbeat returns → one resolved message; a trade-monitor event →
 * the answer names its alert → one message with the event's words, a second event updates the alert and sends none.
 */
class HeartbeatToWeChatIT {

    private static Services services;
    private static WireMockServer stubs;
    private static String token;
    private static ServiceProcess collector;
    private static ServiceProcess evaluator;
    private static ServiceProcess notifier;

    @BeforeAll
    static void startServices() throws Exception {
        stubs = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        stubs.start();
        String issuer = OidcStub.serve(stubs, "e2e");
        token = "Bearer " + TestTokens.token(issuer, "ada", null, "admin");
        String run = UUID.randomUUID().toString().substring(0, 8);

        services = new Services(issuer);
        collector = services.start("collector-service", services.database("collector"), Map.of());
        evaluator = services.start(
                "evaluator-service",
                services.database("evaluator"),
                Map.of("WK_EVALUATOR_GROUP", "e2e-evaluator-" + run, "WK_EVALUATOR_TICK", "1s"));
        notifier = services.start(
                "notifier-service",
                services.database("notifier"),
                Map.of("WK_NOTIFIER_GROUP", "e2e-notifier-" + run, "WK_ALLOWED_HOSTS", "127.0.0.1,localhost"));
        services.awaitReady();
    }

    @AfterAll
    static void stopServices() throws Exception {
        if (services != null) {
            services.close();
        }
        if (stubs != null) {
            stubs.stop();
        }
    }

    @Test
    void a_silent_heartbeat_alerts_once_on_wechat_and_resolves_once_when_it_returns() {
        String slug = "nightly-backup-" + UUID.randomUUID().toString().substring(0, 6);
        WeChatWorkStub bot = new WeChatWorkStub(stubs, "e2e-" + slug).acceptsMessages();

        String pingKey = as(collector)
                .body("{\"name\":\"ops\"}")
                .post("/api/v1/ping-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        as(evaluator)
                .body("{\"name\":\"backup heartbeat\",\"type\":\"absence\","
                        + "\"condition\":{\"metric\":\"heartbeat\",\"grace\":\"4s\"},"
                        + "\"matchers\":[{\"label\":\"slug\",\"op\":\"=\",\"value\":\"" + slug + "\"}],"
                        + "\"severity\":\"critical\"}")
                .post("/api/v1/rules")
                .then()
                .statusCode(201);
        String channelId = as(notifier)
                .body("{\"name\":\"ops-wechat\",\"type\":\"wechat_work\",\"webhookUrl\":\"" + bot.webhookUrl()
                        + "\",\"mentionedMobiles\":[\"13800001111\"]}")
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // the topics hold every earlier test's alerts, which this run's fresh consumer groups read too:
        // the route takes only this run's slug, so the bot hears about nothing else
        as(notifier)
                .body("{\"name\":\"backups\",\"matchers\":[{\"label\":\"slug\",\"op\":\"=\",\"value\":\"" + slug
                        + "\"}],\"channelIds\":[\"" + channelId + "\"]}")
                .post("/api/v1/routes")
                .then()
                .statusCode(201);

        given().post(collector.url() + "/ping/" + pingKey + "/" + slug).then().statusCode(200);

        // silence: exactly one firing message naming the slug, and no second one while it stays silent
        await().atMost(Duration.ofSeconds(40)).until(() -> bot.receivedTexts().size() == 1);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> bot.receivedTexts().size() == 1);
        assertThat(bot.receivedTexts().get(0)).startsWith("[FIRING]").contains(slug);
        assertThat(bot.received()
                        .get(0)
                        .path("text")
                        .path("mentioned_mobile_list")
                        .get(0)
                        .asText())
                .isEqualTo("13800001111");
        String alertId = as(evaluator)
                .get("/api/v1/alerts?status=firing&size=500")
                .then()
                .statusCode(200)
                .extract()
                .path("items.find { it.labels.slug == '" + slug + "' }.id");
        assertThat(alertId).isNotNull();

        given().get(collector.url() + "/ping/" + pingKey + "/" + slug).then().statusCode(200);

        // the heartbeat returns: exactly one resolved message
        await().atMost(Duration.ofSeconds(30)).until(() -> bot.receivedTexts().size() == 2);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> bot.receivedTexts().size() == 2);
        assertThat(bot.receivedTexts().get(1)).startsWith("[RESOLVED]").contains(slug);
        as(evaluator).get("/api/v1/alerts/" + alertId).then().statusCode(200).body("status", equalTo("resolved"));
        as(notifier)
                .get("/api/v1/deliveries?alertId=" + alertId)
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.status", org.hamcrest.Matchers.everyItem(equalTo("sent")));
    }

    @Test
    void a_trade_monitor_event_is_answered_with_its_alert_which_carries_its_words_to_the_chat_once() {
        String service = "trade-" + UUID.randomUUID().toString().substring(0, 6);
        WeChatWorkStub bot = new WeChatWorkStub(stubs, "e2e-" + service).acceptsMessages();
        as(evaluator)
                .body("{\"name\":\"trade errors\",\"type\":\"threshold\",\"cooldownMinutes\":0,"
                        + "\"condition\":{\"metric\":\"notify_event\",\"aggregation\":\"count\",\"window\":\"10m\","
                        + "\"operator\":\">=\",\"threshold\":1},"
                        + "\"matchers\":[{\"label\":\"service\",\"op\":\"=\",\"value\":\"" + service + "\"}]}")
                .post("/api/v1/rules")
                .then()
                .statusCode(201);
        String channelId = as(notifier)
                .body("{\"name\":\"trade-wechat\",\"type\":\"wechat_work\",\"webhookUrl\":\"" + bot.webhookUrl()
                        + "\"}")
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(notifier)
                .body("{\"name\":\"trade\",\"matchers\":[{\"label\":\"service\",\"op\":\"=\",\"value\":\"" + service
                        + "\"}],\"channelIds\":[\"" + channelId + "\"]}")
                .post("/api/v1/routes")
                .then()
                .statusCode(201);

        // the first answer may come before the collector reads wk.alerts.v1 from its end: a later event updates the
        // same alert and is answered with it
        String alertId = await().atMost(Duration.ofSeconds(40))
                .until(() -> tradeEvent(service, "margin call on 42"), id -> id != null);
        as(evaluator)
                .get("/api/v1/alerts/" + alertId)
                .then()
                .statusCode(200)
                .body("status", equalTo("firing"))
                .body("annotations.message", equalTo("margin call on 42"))
                .body("annotations.order", equalTo("42"));
        await().atMost(Duration.ofSeconds(30)).until(() -> bot.receivedTexts().size() == 1);
        assertThat(bot.receivedTexts().get(0)).contains("margin call on 42").contains("order: 42");

        assertThat(tradeEvent(service, "margin call on 43")).isEqualTo(alertId); // the open alert, updated
        as(evaluator).get("/api/v1/alerts/" + alertId).then().body("annotations.message", equalTo("margin call on 43"));
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> bot.receivedTexts().size() == 1);
    }

    /** Posts a trade-monitor event; the id of the alert it opened or updated, if the answer names one. */
    private static String tradeEvent(String service, String message) {
        return as(collector)
                .body("{\"eventType\":\"ORDER_REJECTED\",\"serviceName\":\"" + service + "\","
                        + "\"severity\":\"ERROR\",\"title\":\"order rejected\",\"message\":\"" + message + "\","
                        + "\"metadata\":{\"order\":\"42\"}}")
                .post("/api/events/notify")
                .then()
                .statusCode(200)
                .extract()
                .path("alertId");
    }

    private static RequestSpecification as(ServiceProcess service) {
        return given().baseUri(service.url()).header("Authorization", token).contentType(ContentType.JSON);
    }
}
