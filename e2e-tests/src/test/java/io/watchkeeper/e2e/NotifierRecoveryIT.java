package io.watchkeeper.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.OidcStub;
import io.watchkeeper.testsupport.TestInfra;
import io.watchkeeper.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notifier delivering {@value #ALERTS} alerts (firing, then resolved) to a signed webhook that answers slowly:
 * killed with SIGKILL mid-stream and restarted, or run as two instances in one consumer group, every alert state
 * reaches the receiver, firing before resolved, and never under two message ids. What a hard kill may repeat is a
 * message sent but not yet recorded — with its unchanged {@code webhook-id}, at most one chunk of sends.
 */
class NotifierRecoveryIT {

    private static final int ALERTS = 300;
    /** The dispatcher records its sends per chunk of this many messages (Dispatcher.CHUNK). */
    private static final int CHUNK = 32;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static WireMockServer stubs;
    private static String issuer;
    private static String token;
    private static KafkaCompanion kafka;

    @BeforeAll
    static void start() {
        stubs = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(40));
        stubs.start();
        issuer = OidcStub.serve(stubs, "e2e-notifier-recovery");
        token = "Bearer " + TestTokens.token(issuer, "ada", null, "admin");
        kafka = new KafkaCompanion(TestInfra.kafkaBootstrap());
    }

    @AfterAll
    static void stop() {
        kafka.close();
        stubs.stop();
    }

    @Test
    void killed_mid_send_and_restarted_it_delivers_every_alert_state_and_repeats_only_unrecorded_sends()
            throws Exception {
        String run = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        try (Services services = new Services(issuer)) {
            String db = services.database("notifier_crash");
            ServiceProcess first = services.start("notifier-service", db, env(run));
            services.awaitReady();
            String path = webhookEverythingTo(first, run);

            produce(run);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> received(path).size() >= ALERTS / 3);
            first.kill();
            int beforeKill = received(path).size();
            System.out.printf("e2e: notifier killed after %d webhook requests%n", beforeKill);
            assertThat(beforeKill).as("killed mid-stream").isLessThan(2 * ALERTS);

            ServiceProcess second = services.start("notifier-service", db, env(run));
            second.awaitReady(Duration.ofSeconds(90));
            int repeated = assertEveryStateOnce(path);
            assertThat(repeated)
                    .as("sent again after the kill (same webhook-id)")
                    .isLessThanOrEqualTo(CHUNK);
        }
    }

    @Test
    void two_instances_in_one_group_deliver_each_alert_state_exactly_once() throws Exception {
        String run = "pair-" + UUID.randomUUID().toString().substring(0, 8);
        try (Services services = new Services(issuer)) {
            String db = services.database("notifier_pair");
            // the first migrates the fresh database (deployments migrate as an init step)
            ServiceProcess a = services.start("notifier-service", db, env(run));
            services.awaitReady();
            services.start("notifier-service", db, env(run));
            services.awaitReady();
            String path = webhookEverythingTo(a, run);

            produce(run);
            assertThat(assertEveryStateOnce(path))
                    .as("no crash: nothing sent twice")
                    .isZero();
        }
    }

    private static Map<String, String> env(String run) {
        return Map.of(
                "WK_NOTIFIER_GROUP",
                "e2e-" + run,
                "WK_ALLOWED_HOSTS",
                "127.0.0.1,localhost",
                "WK_NOTIFIER_CONFIG_CACHE",
                "1s");
    }

    /**
     * A signed webhook channel and a route taking this run's alerts to it (the topic also holds other tests' alerts,
     * which a new consumer group reads from the start); returns the stub's path.
     */
    private static String webhookEverythingTo(ServiceProcess notifier, String run) {
        String path = "/hook/" + run;
        stubs.stubFor(post(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(204).withFixedDelay(40)));
        String channelId = given().baseUri(notifier.url())
                .header("Authorization", token)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"name":"receiver %s","type":"webhook","webhookUrl":"%s%s",
                         "secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}"""
                                .formatted(run, stubs.baseUrl(), path))
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().baseUri(notifier.url())
                .header("Authorization", token)
                .contentType(ContentType.JSON)
                .body(
                        """
                        {"name":"run %s","matchers":[{"label":"run","op":"=","value":"%s"}],"channelIds":["%s"]}"""
                                .formatted(run, run, channelId))
                .post("/api/v1/routes")
                .then()
                .statusCode(201);
        return path;
    }

    /** Every alert fires, then every alert resolves. */
    private static void produce(String run) {
        List<AlertEvent> firing = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            firing.add(new AlertEvent(
                    UUID.randomUUID(),
                    String.format("%016x", i),
                    UUID.randomUUID().toString(),
                    "e2e",
                    "threshold",
                    AlertStatus.FIRING,
                    Severity.WARNING,
                    "e2e alert " + i,
                    null,
                    Map.of("run", run, "n", Integer.toString(i)),
                    Map.of(),
                    null,
                    null,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    null,
                    null,
                    null));
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (AlertEvent a : firing) {
            records.add(KafkaRecords.cloudEvent(
                    Topics.ALERTS, a.fingerprint(), CloudEvent.of(a.alertId() + ".1", "e2e", a)));
        }
        for (AlertEvent a : firing) {
            AlertEvent resolved = new AlertEvent(
                    a.alertId(),
                    a.fingerprint(),
                    a.ruleId(),
                    a.ruleName(),
                    a.type(),
                    AlertStatus.RESOLVED,
                    a.severity(),
                    a.title(),
                    null,
                    a.labels(),
                    a.annotations(),
                    null,
                    null,
                    a.startsAt(),
                    Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    null,
                    null);
            records.add(KafkaRecords.cloudEvent(
                    Topics.ALERTS, a.fingerprint(), CloudEvent.of(a.alertId() + ".2", "e2e", resolved)));
        }
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(Duration.ofSeconds(60));
    }

    /**
     * Waits for every alert state, then checks: each came under one webhook-id only, each alert's firing came
     * before its resolution. Returns how many requests repeated a webhook-id already received.
     */
    private static int assertEveryStateOnce(String path) {
        int expected = 2 * ALERTS;
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> states(received(path)).size() >= expected);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> states(received(path)).size() == expected);
        List<LoggedRequest> requests = received(path);
        Map<String, Set<String>> idsByState = new HashMap<>();
        Map<String, Integer> firstSeen = new HashMap<>();
        Set<String> ids = new HashSet<>();
        int repeated = 0;
        for (int i = 0; i < requests.size(); i++) {
            LoggedRequest r = requests.get(i);
            String state = state(r);
            idsByState.computeIfAbsent(state, k -> new HashSet<>()).add(r.getHeader("webhook-id"));
            firstSeen.putIfAbsent(state, i);
            if (!ids.add(r.getHeader("webhook-id"))) {
                repeated++;
            }
        }
        assertThat(idsByState).hasSize(expected);
        assertThat(idsByState.values()).as("one webhook-id per alert state").allMatch(s -> s.size() == 1);
        firstSeen.forEach((state, index) -> {
            if (state.endsWith("/resolved")) {
                assertThat(firstSeen.get(state.replace("/resolved", "/firing")))
                        .as(state)
                        .isLessThan(index);
            }
        });
        System.out.printf(
                "e2e: %d alert states in %d webhook requests (%d repeated a webhook-id)%n",
                expected, requests.size(), repeated);
        return repeated;
    }

    /** The receiver's requests, oldest first. */
    private static List<LoggedRequest> received(String path) {
        List<LoggedRequest> requests = new ArrayList<>(stubs.findAll(postRequestedFor(urlPathEqualTo(path))));
        requests.sort(java.util.Comparator.comparing(LoggedRequest::getLoggedDate));
        return requests;
    }

    private static Set<String> states(List<LoggedRequest> requests) {
        Set<String> states = new HashSet<>();
        requests.forEach(r -> states.add(state(r)));
        return states;
    }

    /** {@code <alertId>/<status>} from a Standard Webhooks body. */
    private static String state(LoggedRequest r) {
        try {
            JsonNode data = JSON.readTree(r.getBodyAsString()).path("data");
            return data.path("alertId").asText() + "/" + data.path("status").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
