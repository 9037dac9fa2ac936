package io.watchkeeper.notifier.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.notifier.channel.ChannelResourceTest;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import io.watchkeeper.testsupport.WeChatWorkStub;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Alert events on the real broker → WeChat Work messages to a stub bot, each alert state exactly once. */
@NotifierTest
class DeliveryTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    Pool pool;

    @Test
    void each_alert_state_is_sent_once_even_when_the_event_arrives_twice() {
        WeChatWorkStub bot = new WeChatWorkStub(wireMock, "bot-" + UUID.randomUUID()).acceptsMessages();
        String channelId = createChannelWithItsOwnRoute(bot);
        AlertEvent firing = alert(AlertStatus.FIRING, channelId);

        publish(firing, firing.alertId() + ".1");
        publish(firing, firing.alertId() + ".1");
        Waits.flow().until(() -> bot.received().size() == 1);

        AlertEvent resolved = resolved(firing);
        publish(resolved, firing.alertId() + ".2");
        Waits.flow().until(() -> bot.received().size() == 2);

        List<String> texts = bot.receivedTexts();
        assertThat(texts.get(0)).startsWith("[FIRING] " + firing.title());
        assertThat(texts.get(1)).startsWith("[RESOLVED] " + firing.title());
        assertThat(bot.received()
                        .get(0)
                        .path("text")
                        .path("mentioned_mobile_list")
                        .get(0)
                        .asText())
                .isEqualTo("13800001111");

        Waits.shortly().untilAsserted(() -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("alertId", firing.alertId().toString())
                .when()
                .get("/api/v1/deliveries")
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(2))
                .body("items.status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo("sent")))
                .body("items.alertStatus", org.hamcrest.Matchers.contains("firing", "resolved"))
                .body("items[0].channelId", org.hamcrest.Matchers.equalTo(channelId)));
        // a late duplicate of the firing state changes nothing: another alert published after it on the same key
        // (so consumed after it) is sent, and it is the only message more
        publish(firing, firing.alertId() + ".1");
        AlertEvent marker = alert(AlertStatus.FIRING, channelId);
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(
                        Topics.ALERTS, firing.fingerprint(), CloudEvent.of(marker.alertId() + ".1", "test", marker)))
                .awaitCompletion();
        Waits.flow().until(() -> bot.received().size() >= 3);
        Waits.quiet().until(() -> bot.received().size() == 3);
    }

    @Test
    void an_errcode_on_http_200_is_a_failure_that_is_retried() {
        String key = "flaky-" + UUID.randomUUID();
        WeChatWorkStub bot = new WeChatWorkStub(wireMock, key);
        wireMock.stubFor(post(urlPathEqualTo(WeChatWorkStub.PATH))
                .withQueryParam("key", equalTo(key))
                .inScenario(key)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("recovered")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody("{\"errcode\":45009,\"errmsg\":\"api freq out of limit\"}")));
        wireMock.stubFor(post(urlPathEqualTo(WeChatWorkStub.PATH))
                .withQueryParam("key", equalTo(key))
                .inScenario(key)
                .whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody("{\"errcode\":0,\"errmsg\":\"ok\"}")));
        String channelId = createChannelWithItsOwnRoute(bot);
        AlertEvent firing = alert(AlertStatus.FIRING, channelId);
        ConsumerTask<String, byte[]> announced =
                kafka.consume(String.class, byte[].class).fromTopics(Topics.DELIVERIES);
        try {
            publish(firing, firing.alertId() + ".1");

            awaitSent(firing, 2, Duration.ofSeconds(20));
            assertThat(bot.received()).hasSize(2);
            // every step is on wk.deliveries.v1, keyed by the alert: recorded, failed once (still pending), sent
            Waits.flow()
                    .until(() -> KafkaRecords.data(announced, DeliveryEvent.class, e -> e.alertId()
                                            .equals(firing.alertId().toString()))
                                    .size()
                            == 3);
            List<DeliveryEvent> events = KafkaRecords.data(announced, DeliveryEvent.class, e -> e.alertId()
                    .equals(firing.alertId().toString()));
            assertThat(events)
                    .extracting(DeliveryEvent::status, DeliveryEvent::attempt)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(DeliveryEvent.Status.PENDING, 0),
                            org.assertj.core.groups.Tuple.tuple(DeliveryEvent.Status.PENDING, 1),
                            org.assertj.core.groups.Tuple.tuple(DeliveryEvent.Status.SENT, 2));
            assertThat(events.get(1).error()).startsWith("errcode 45009");
            assertThat(events).allMatch(e -> e.channel().equals(channelId));
            assertThat(announced.getRecords().stream()
                            .filter(r -> firing.alertId().toString().equals(r.key())))
                    .hasSize(3);
        } finally {
            announced.close();
        }
    }

    @Test
    void a_sent_message_whose_recording_fails_is_recorded_on_a_second_try_not_sent_again() {
        WeChatWorkStub bot = new WeChatWorkStub(wireMock, "record-" + UUID.randomUUID()).acceptsMessages();
        String channelId = createChannelWithItsOwnRoute(bot);
        AlertEvent firing = alert(AlertStatus.FIRING, channelId);
        // the database refuses the first recording of this alert's "sent" (as a deadlock would): a sequence, not a
        // table, counts the tries, since the failed transaction rolls back whatever it wrote
        String suffix = firing.alertId().toString().replace("-", "");
        sql("CREATE SEQUENCE tries_" + suffix);
        sql(
                """
                CREATE FUNCTION refuse_once_%1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF nextval('tries_%1$s') = 1 THEN
                    RAISE EXCEPTION 'deadlock detected (injected by the test)' USING ERRCODE = '40P01';
                  END IF;
                  RETURN NEW;
                END $$"""
                        .formatted(suffix));
        sql(
                """
                CREATE TRIGGER refuse_once_%1$s BEFORE UPDATE ON delivery FOR EACH ROW
                  WHEN (NEW.status = 'sent' AND NEW.alert_id = '%2$s') EXECUTE FUNCTION refuse_once_%1$s()"""
                        .formatted(suffix, firing.alertId()));
        try {
            publish(firing, firing.alertId() + ".1");

            // without a second try the pass would fail and the message go again when the claim's lease (30 s) ends
            awaitSent(firing, 1, Duration.ofSeconds(10));
            assertThat(bot.received()).hasSize(1);
            assertThat(pool.query("SELECT last_value FROM tries_" + suffix)
                            .execute()
                            .await()
                            .atMost(Duration.ofSeconds(5))
                            .iterator()
                            .next()
                            .getLong(0))
                    .as("the recording was refused once, then tried again")
                    .isEqualTo(2);
        } finally {
            sql("DROP TRIGGER refuse_once_" + suffix + " ON delivery");
            sql("DROP FUNCTION refuse_once_" + suffix);
            sql("DROP SEQUENCE tries_" + suffix);
        }
    }

    @Test
    void a_malformed_alert_goes_to_the_dead_letter_topic_and_the_next_is_delivered() {
        WeChatWorkStub bot = new WeChatWorkStub(wireMock, "dlq-" + UUID.randomUUID()).acceptsMessages();
        String channelId = createChannelWithItsOwnRoute(bot);
        ConsumerTask<String, byte[]> dlq = KafkaRecords.fromNow(kafka, Topics.deadLetter(Topics.ALERTS), r -> true);
        try {
            String key = "broken-" + UUID.randomUUID();
            AlertEvent firing = alert(AlertStatus.FIRING, channelId);
            CloudEvent<AlertEvent> event = CloudEvent.of("test", firing);
            ProducerRecord<String, byte[]> valid = KafkaRecords.cloudEvent(Topics.ALERTS, key, event);
            byte[] missingTitle = new String(valid.value(), StandardCharsets.UTF_8)
                    .replace("\"title\":", "\"headline\":")
                    .getBytes(StandardCharsets.UTF_8);
            kafka.produce(String.class, byte[].class)
                    .fromRecords(new ProducerRecord<>(Topics.ALERTS, null, key, missingTitle, valid.headers()))
                    .awaitCompletion();
            publish(alert(AlertStatus.FIRING, channelId), UUID.randomUUID().toString());

            Waits.flow().until(() -> dlq.getRecords().stream().anyMatch(r -> key.equals(r.key())));
            String reason = KafkaRecords.header(
                    dlq.getRecords().stream()
                            .filter(r -> key.equals(r.key()))
                            .findFirst()
                            .orElseThrow(),
                    "dead-letter-reason");
            assertThat(reason).contains("title");
            Waits.flow().until(() -> bot.received().size() >= 1);
        } finally {
            dlq.close();
        }
    }

    @Test
    void a_webhook_retry_carries_the_same_id_and_waits_as_the_endpoint_asks() throws Exception {
        String path = "/hooks/" + UUID.randomUUID();
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        wireMock.stubFor(post(urlPathEqualTo(path))
                .inScenario(path)
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("back")
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "3")));
        wireMock.stubFor(post(urlPathEqualTo(path))
                .inScenario(path)
                .whenScenarioStateIs("back")
                .willReturn(aResponse().withStatus(204)));
        String channelId = createChannelWithItsOwnRoute(
                """
                {"name":"hook-%s","type":"webhook","webhookUrl":"%s","secret":"%s"}"""
                        .formatted(UUID.randomUUID(), wireMock.baseUrl() + path, secret));
        AlertEvent firing = alert(AlertStatus.FIRING, channelId);

        publish(firing, firing.alertId() + ".1");

        Waits.recovery().until(() -> requests(path).size() == 2);
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests = requests(path);
        assertThat(requests.get(1).getHeader("webhook-id"))
                .isEqualTo(requests.get(0).getHeader("webhook-id"));
        assertThat(Duration.between(
                        requests.get(0).getLoggedDate().toInstant(),
                        requests.get(1).getLoggedDate().toInstant()))
                .as("Retry-After: 3 (the backoff alone would be 1 s)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        for (var r : requests) {
            assertThat(r.getHeader("webhook-signature"))
                    .isEqualTo(io.watchkeeper.notifier.channel.Signatures.standardWebhook(
                            secret,
                            r.getHeader("webhook-id"),
                            Long.parseLong(r.getHeader("webhook-timestamp")),
                            r.getBodyAsString()));
        }
        awaitSent(firing, 2, Duration.ofSeconds(5));
    }

    @Test
    void a_410_disables_the_webhook_channel() {
        String path = "/hooks/" + UUID.randomUUID();
        wireMock.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(410)));
        String channelId = createChannelWithItsOwnRoute(
                """
                {"name":"gone-%s","type":"webhook","webhookUrl":"%s","secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}"""
                        .formatted(UUID.randomUUID(), wireMock.baseUrl() + path));
        AlertEvent first = alert(AlertStatus.FIRING, channelId);

        publish(first, first.alertId() + ".1");

        Waits.flow().untilAsserted(() -> deliveries(first)
                .body("items[0].status", org.hamcrest.Matchers.equalTo("failed"))
                .body("items[0].lastError", org.hamcrest.Matchers.containsString("410")));
        // the failures of a recent window (the console's "last 24 h") find it; a window after it does not
        for (var window : Map.of(
                        Instant.now().minus(Duration.ofHours(24)),
                        1,
                        Instant.now().plusSeconds(60),
                        0)
                .entrySet()) {
            given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                    .queryParam("channel", channelId)
                    .queryParam("status", "failed")
                    .queryParam("from", window.getKey().toString())
                    .when()
                    .get("/api/v1/deliveries")
                    .then()
                    .statusCode(200)
                    .body("total", org.hamcrest.Matchers.equalTo(window.getValue()));
        }
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/channels/" + channelId)
                .then()
                .statusCode(200)
                .body("enabled", org.hamcrest.Matchers.equalTo(false));
        AlertEvent next = alert(AlertStatus.FIRING, channelId);
        publish(next, next.alertId() + ".1");
        Waits.flow().untilAsserted(() -> deliveries(next)
                .body("items[0].status", org.hamcrest.Matchers.equalTo("skipped")));
        assertThat(requests(path)).hasSize(1);
    }

    @Test
    void a_claim_looks_at_a_few_rows_per_delivery_even_when_the_statistics_say_none_are_pending() throws Exception {
        // an alert storm after a quiet spell: statistics taken with nothing pending, then 3,000 due deliveries. In
        // one transaction, rolled back: the service's own dispatcher never sees these rows.
        String channel = UUID.randomUUID().toString();
        String storm =
                """
                INSERT INTO channel (id, name, type, secret, secret_hint, settings, enabled, created_by, created_at)
                  VALUES ('%1$s', 'claim test', 'webhook', 'x', 'x', '{}', true, 'test', now());
                INSERT INTO delivery (id, alert_id, alert_status, fingerprint, channel_id, status, attempts, alert,
                                      created_at, updated_at, next_attempt_at, sent_at)
                  SELECT gen_random_uuid(), gen_random_uuid(), 'firing', 'f', '%1$s', 'sent', 1, '{}', now(), now(),
                         now(), now() FROM generate_series(1, 20000);
                ANALYZE delivery;
                INSERT INTO delivery (id, alert_id, alert_status, fingerprint, channel_id, status, attempts, alert,
                                      created_at, updated_at, next_attempt_at)
                  SELECT gen_random_uuid(), gen_random_uuid(), 'firing', 'f', '%1$s', 'pending', 0, '{}', now(), now(),
                         now() - interval '1 second' FROM generate_series(1, 3000)"""
                        .formatted(channel);
        String plan = pool.withConnection(conn -> conn.begin().chain(tx -> conn.query(storm)
                        .execute()
                        .chain(() -> conn.query(DispatchQueue.CLAIM_SETTINGS).execute())
                        .chain(() -> conn.preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + DispatchQueue.CLAIM)
                                .execute(Tuple.of(500, 60_000L)))
                        .map(rows -> rows.iterator().next().getValue(0).toString())
                        .call(tx::rollback)))
                .await()
                .atMost(Duration.ofSeconds(60));

        JsonNode root = new ObjectMapper().readTree(plan).get(0).get("Plan");
        assertThat(root.get("Actual Rows").asLong()).as("deliveries claimed").isEqualTo(500);
        // the plan that checked each claimed delivery against every pending one looked at 3,004,000 rows here; a
        // scan of the whole delivery table would pass 23,000
        assertThat(rowsLookedAt(root))
                .as("rows the claim looked at, in: " + plan)
                .isLessThan(25 * 500);
    }

    /** Rows each plan node produced or filtered out, over all its loops, summed over the plan. */
    private static long rowsLookedAt(JsonNode node) {
        long rows = node.path("Actual Rows").asLong()
                + node.path("Rows Removed by Filter").asLong()
                + node.path("Rows Removed by Join Filter").asLong()
                + node.path("Rows Removed by Index Recheck").asLong();
        long total = rows * Math.max(1, node.path("Actual Loops").asLong());
        for (JsonNode child : node.path("Plans")) {
            total += rowsLookedAt(child);
        }
        return total;
    }

    private List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests(String path) {
        return wireMock.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(path)));
    }

    /** The alert's (first) delivery is recorded sent, after this many attempts. */
    private static void awaitSent(AlertEvent alert, int attempts, Duration within) {
        await().atMost(within).untilAsserted(() -> deliveries(alert)
                .body("items[0].status", org.hamcrest.Matchers.equalTo("sent"))
                .body("items[0].attempts", org.hamcrest.Matchers.equalTo(attempts)));
    }

    private static io.restassured.response.ValidatableResponse deliveries(AlertEvent alert) {
        return given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("alertId", alert.alertId().toString())
                .when()
                .get("/api/v1/deliveries")
                .then()
                .statusCode(200);
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(Duration.ofSeconds(10));
    }

    private void publish(AlertEvent alert, String ceId) {
        kafka.produce(String.class, byte[].class)
                .fromRecords(
                        KafkaRecords.cloudEvent(Topics.ALERTS, alert.fingerprint(), CloudEvent.of(ceId, "test", alert)))
                .awaitCompletion();
    }

    /** Routes are global: each test's alerts carry its own bot key as a label, and its route matches on it. */
    private String createChannelWithItsOwnRoute(WeChatWorkStub bot) {
        return createChannelWithItsOwnRoute(
                ChannelResourceTest.channel("wechat-" + UUID.randomUUID(), bot.webhookUrl()));
    }

    private String createChannelWithItsOwnRoute(String channel) {
        String name = "route-" + UUID.randomUUID();
        String channelId = given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body(channel)
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"matchers\":[{\"label\":\"test_route\",\"op\":\"=\",\"value\":\""
                        + channelId + "\"}],\"channelIds\":[\"" + channelId + "\"],\"continueMatching\":true}")
                .when()
                .post("/api/v1/routes")
                .then()
                .statusCode(201);
        return channelId;
    }

    /** An alert carrying the label its test's route matches. */
    private static AlertEvent alert(AlertStatus status, String channelId) {
        return new AlertEvent(
                UUID.randomUUID(),
                UUID.randomUUID().toString().substring(0, 16),
                UUID.randomUUID().toString(),
                "backups",
                "absence",
                status,
                Severity.CRITICAL,
                "backups: no heartbeat from slug=nightly-backup for 3m",
                "last heartbeat at 08:00",
                Map.of("slug", "nightly-backup", "test_route", channelId),
                Map.of(),
                null,
                null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                null,
                null,
                null);
    }

    private static AlertEvent resolved(AlertEvent a) {
        return new AlertEvent(
                a.alertId(),
                a.fingerprint(),
                a.ruleId(),
                a.ruleName(),
                a.type(),
                AlertStatus.RESOLVED,
                a.severity(),
                a.title(),
                a.message(),
                a.labels(),
                a.annotations(),
                a.value(),
                a.threshold(),
                a.startsAt(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                null,
                null);
    }
}
