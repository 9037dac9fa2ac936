package io.watchkeeper.notifier.mute;

import static io.watchkeeper.notifier.NotifierFixture.alert;
import static io.watchkeeper.notifier.NotifierFixture.as;
import static io.watchkeeper.notifier.NotifierFixture.bot;
import static io.watchkeeper.notifier.NotifierFixture.deliveries;
import static io.watchkeeper.notifier.NotifierFixture.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.NotifierFixture;
import io.watchkeeper.notifier.NotifierFixture.Bot;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.Waits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Silences and inhibit rules on the real broker and database: muted states are skipped with the reason. */
@NotifierTest
class MuteTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    @Test
    void a_silence_is_pending_active_then_expired_and_checks_its_input() {
        String team = "t-" + UUID.randomUUID();
        String future = as("operator")
                .body(silence(
                        team, Instant.now().plusSeconds(3600), Instant.now().plusSeconds(7200)))
                .when()
                .post("/api/v1/silences")
                .then()
                .statusCode(201)
                .body("state", equalTo("pending"))
                .body("createdBy", equalTo("operator-user"))
                .extract()
                .path("id");
        String now = as("operator")
                .body(silence(team, null, Instant.now().plusSeconds(3600)))
                .when()
                .post("/api/v1/silences")
                .then()
                .statusCode(201)
                .body("state", equalTo("active"))
                .extract()
                .path("id");

        as("operator")
                .when()
                .post("/api/v1/silences/" + now + "/expire")
                .then()
                .statusCode(200)
                .body("state", equalTo("expired"));
        as("operator")
                .when()
                .post("/api/v1/silences/" + future + "/expire")
                .then()
                .statusCode(200)
                .body("state", equalTo("expired"));
        as("viewer")
                .queryParam("state", "expired")
                .when()
                .get("/api/v1/silences")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItems(now, future));

        as("operator")
                .body(silence(team, null, Instant.now().minusSeconds(60)))
                .when()
                .post("/api/v1/silences")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("endsAt"));
        as("operator")
                .body(
                        """
                {"matchers":[{"label":"app","op":"=~","value":"(unclosed"}],"endsAt":"%s","comment":"x"}"""
                                .formatted(Instant.now().plusSeconds(60)))
                .when()
                .post("/api/v1/silences")
                .then()
                .statusCode(400)
                .body("errors[0].field", startsWith("matchers[0]"));
        as("viewer")
                .body(silence(team, null, Instant.now().plusSeconds(60)))
                .when()
                .post("/api/v1/silences")
                .then()
                .statusCode(403);
    }

    @Test
    void a_silenced_alert_is_skipped_with_the_reason_and_so_is_its_resolution() {
        Bot bot = bot(wireMock, "");
        String silenceId = as("operator")
                .body(silence(bot.route(), null, Instant.now().plusSeconds(600)))
                .when()
                .post("/api/v1/silences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        AlertEvent firing = alert(bot, "DiskFull", Severity.WARNING, Map.of());

        publish(kafka, firing);
        Waits.flow().untilAsserted(() -> deliveries(firing)
                .body("items[0].status", equalTo("skipped"))
                .body("items[0].lastError", startsWith("silenced by " + silenceId + " (operator-user: maintenance")));
        publish(kafka, NotifierFixture.as(firing, AlertStatus.RESOLVED));
        Waits.flow().untilAsserted(() -> deliveries(firing)
                .body("items[1].alertStatus", equalTo("resolved"))
                .body("items[1].status", equalTo("skipped")));

        as("operator")
                .when()
                .post("/api/v1/silences/" + silenceId + "/expire")
                .then()
                .statusCode(200);
        AlertEvent after = alert(bot, "DiskFull", Severity.WARNING, Map.of());
        publish(kafka, after);
        Waits.flow().until(() -> bot.stub().received().size() == 1);
        assertThat(bot.stub().receivedTexts().get(0)).contains(after.title());
    }

    @Test
    void a_firing_source_inhibits_targets_with_equal_labels_until_it_resolves() {
        Bot bot = bot(wireMock, "");
        nodeDownInhibitsWarningsOnItsHost(bot).body("equal[0]", equalTo("host"));
        AlertEvent nodeDown = alert(bot, "NodeDown", Severity.CRITICAL, Map.of("host", "h1"));
        publish(kafka, nodeDown);
        Waits.flow().until(() -> bot.stub().received().size() == 1);

        AlertEvent sameHost = alert(bot, "HighLoad", Severity.WARNING, Map.of("host", "h1"));
        AlertEvent otherHost = alert(bot, "HighLoad", Severity.WARNING, Map.of("host", "h2"));
        publish(kafka, sameHost);
        publish(kafka, otherHost);
        Waits.flow().untilAsserted(() -> deliveries(sameHost)
                .body("items[0].status", equalTo("skipped"))
                .body("items[0].lastError", startsWith("inhibited by alert " + nodeDown.alertId())));
        Waits.flow().until(() -> bot.stub().received().size() == 2);
        assertThat(bot.stub().receivedTexts().get(1)).contains(otherHost.title());

        publish(kafka, NotifierFixture.as(nodeDown, AlertStatus.RESOLVED));
        // the source resolved: its resolution goes out, and the target it held back, still firing, goes out now
        Waits.flow().until(() -> bot.stub().received().size() == 4);
        assertThat(bot.stub().receivedTexts().subList(2, 4))
                .anyMatch(t -> t.startsWith("[RESOLVED] " + nodeDown.title()))
                .anyMatch(t -> t.startsWith("[FIRING] " + sameHost.title()));
        deliveries(sameHost).body("items[1].repeat", equalTo(1)).body("items[1].status", equalTo("sent"));
    }

    @Test
    void a_late_copy_of_a_resolved_sources_firing_state_does_not_inhibit_again() {
        Bot bot = bot(wireMock, "");
        nodeDownInhibitsWarningsOnItsHost(bot);
        AlertEvent nodeDown = alert(bot, "NodeDown", Severity.CRITICAL, Map.of("host", "h1"));
        CloudEvent<AlertEvent> firing = CloudEvent.of(nodeDown.alertId() + ".FIRING", "evaluator", nodeDown);
        publish(kafka, nodeDown.fingerprint(), firing);
        publish(kafka, NotifierFixture.as(nodeDown, AlertStatus.RESOLVED));
        Waits.flow().until(() -> bot.stub().received().size() == 2);

        // the evaluator re-sends a batch it published before a crash: the older firing state arrives after the
        // resolution, then a warning on the same host (one key, so in this order)
        publish(kafka, nodeDown.fingerprint(), firing);
        AlertEvent sameHost = alert(bot, "HighLoad", Severity.WARNING, Map.of("host", "h1"));
        publish(kafka, nodeDown.fingerprint(), CloudEvent.of("test", sameHost));
        Waits.flow().untilAsserted(() -> deliveries(sameHost).body("items[0].status", equalTo("sent")));
        assertThat(bot.stub().receivedTexts()).hasSize(3).last().asString().contains(sameHost.title());
    }

    @Test
    void an_alert_still_firing_when_its_silence_is_expired_is_sent_then() {
        Bot bot = bot(wireMock, "");
        String silenceId = as("operator")
                .body(silence(bot.route(), null, Instant.now().plusSeconds(600)))
                .when()
                .post("/api/v1/silences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        AlertEvent firing = alert(bot, "DiskFull", Severity.WARNING, Map.of());
        publish(kafka, firing);
        Waits.flow().untilAsserted(() -> deliveries(firing).body("items[0].status", equalTo("skipped")));
        Waits.quiet().until(() -> bot.stub().received().isEmpty());

        as("operator")
                .when()
                .post("/api/v1/silences/" + silenceId + "/expire")
                .then()
                .statusCode(200);
        Waits.flow().until(() -> bot.stub().received().size() == 1);
        assertThat(bot.stub().receivedTexts().get(0)).startsWith("[FIRING] " + firing.title());
        deliveries(firing).body("items[1].repeat", equalTo(1)).body("items[1].status", equalTo("sent"));
    }

    @Test
    void silences_and_inhibit_rules_are_read_a_page_at_a_time_with_the_total() {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        Instant now = Instant.now();
        for (int i = 1; i <= 3; i++) {
            as("admin")
                    .body(silence(tenant, "a" + i, now.plusSeconds(i * 60L), now.plusSeconds(7200)))
                    .when()
                    .post("/api/v1/silences")
                    .then()
                    .statusCode(201);
        }
        as("admin")
                .body(silence(tenant, "a4", null, now.plusSeconds(7200)))
                .when()
                .post("/api/v1/silences")
                .then()
                .statusCode(201);
        // newest start first
        as("viewer")
                .queryParam("tenant", tenant)
                .queryParam("size", 2)
                .when()
                .get("/api/v1/silences")
                .then()
                .statusCode(200)
                .body("total", equalTo(4))
                .body("items.comment", contains("for a3", "for a2"));
        as("viewer")
                .queryParam("tenant", tenant)
                .queryParam("page", 1)
                .queryParam("size", 3)
                .when()
                .get("/api/v1/silences")
                .then()
                .statusCode(200)
                .body("total", equalTo(4))
                .body("items.comment", contains("for a4"));
        as("viewer")
                .queryParam("tenant", tenant)
                .queryParam("state", "pending")
                .queryParam("size", 1)
                .when()
                .get("/api/v1/silences")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items", hasSize(1));
        as("viewer")
                .queryParam("tenant", tenant)
                .queryParam("state", "active")
                .when()
                .get("/api/v1/silences")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items.comment", contains("for a4"));

        List<String> rules = new ArrayList<>();
        for (String name : List.of("first", "second", "third")) {
            rules.add(as("admin")
                    .body(
                            """
                    {"name":"%s","tenant":"%s","sourceMatchers":[{"label":"alertname","op":"=","value":"NodeDown"}],
                     "targetMatchers":[{"label":"severity","op":"=","value":"warning"}]}"""
                                    .formatted(name, tenant))
                    .when()
                    .post("/api/v1/inhibit-rules")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id"));
        }
        as("viewer")
                .when()
                .get("/api/v1/inhibit-rules/" + rules.get(1))
                .then()
                .statusCode(200)
                .body("name", equalTo("second"))
                .body("sourceMatchers.label", hasItems("alertname", "tenant"));
        as("viewer")
                .when()
                .get("/api/v1/inhibit-rules/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        as("viewer")
                .queryParam("tenant", tenant)
                .queryParam("page", 1)
                .queryParam("size", 2)
                .when()
                .get("/api/v1/inhibit-rules")
                .then()
                .statusCode(200)
                .body("total", equalTo(3))
                .body("items.name", contains("third"));
        as("viewer")
                .queryParam("size", 0)
                .when()
                .get("/api/v1/inhibit-rules")
                .then()
                .statusCode(400);
    }

    private static String silence(String tenant, String app, Instant startsAt, Instant endsAt) {
        return """
                {"tenant":"%s","matchers":[{"label":"app","op":"=","value":"%s"}],%s"endsAt":"%s","comment":"for %s"}"""
                .formatted(tenant, app, startsAt == null ? "" : "\"startsAt\":\"" + startsAt + "\",", endsAt, app);
    }

    private static String silence(String route, Instant startsAt, Instant endsAt) {
        return """
                {"matchers":[{"label":"test_route","op":"=","value":"%s"}],%s"endsAt":"%s","comment":"maintenance of %s"}"""
                .formatted(route, startsAt == null ? "" : "\"startsAt\":\"" + startsAt + "\",", endsAt, route);
    }

    private static ValidatableResponse nodeDownInhibitsWarningsOnItsHost(Bot bot) {
        return as("admin")
                .body(
                        """
                {"name":"node down silences its warnings","sourceMatchers":[{"label":"alertname","op":"=","value":"NodeDown"},
                 {"label":"test_route","op":"=","value":"%s"}],
                 "targetMatchers":[{"label":"severity","op":"=","value":"warning"}],"equal":["host"]}"""
                                .formatted(bot.route()))
                .when()
                .post("/api/v1/inhibit-rules")
                .then()
                .statusCode(201);
    }
}
