package io.watchkeeper.notifier.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.watchkeeper.notifier.NotifierFixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import io.watchkeeper.testsupport.WireMockResource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher pass starts no send after one send timeout (here 1 s): with a slow endpoint, what a pass claimed but
 * could not start is held back to the next pass — never sent twice, never left to an expired lease.
 */
@QuarkusTest
@TestProfile(DispatchBudgetTest.OneSecondSends.class)
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "notifier"))
@QuarkusTestResource(WireMockResource.class)
class DispatchBudgetTest {

    public static class OneSecondSends implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("watchkeeper.notifier.send-timeout", "1s");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ALERTS = 150;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    @Test
    void a_pass_that_runs_out_of_time_leaves_the_rest_to_the_next_and_sends_everything_once() throws Exception {
        String route = UUID.randomUUID().toString();
        String path = "/slow/" + route;
        wireMock.stubFor(post(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withFixedDelay(600)));
        String channelId = as("admin").body("""
                {"name":"slow %s","type":"alertmanager_webhook","webhookUrl":"%s%s"}""".formatted(route, wireMock.baseUrl(), path))
                .when().post("/api/v1/channels").then().statusCode(201).extract().path("id");
        as("admin").body("""
                {"name":"slow %s","matchers":[{"label":"test_route","op":"=","value":"%s"}],"channelIds":["%s"],
                 "continueMatching":true}""".formatted(route, route, channelId))
                .when().post("/api/v1/routes").then().statusCode(201);
        double heldBefore = held();

        // all at once, so that one pass claims more than it can send within the budget
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            AlertEvent alert = new AlertEvent(UUID.randomUUID(), String.format("%016x", i), UUID.randomUUID().toString(),
                    "slow", "threshold", AlertStatus.FIRING, Severity.WARNING, "slow " + i, null,
                    Map.of("test_route", route, "n", Integer.toString(i)), Map.of(), null, null,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, null);
            records.add(KafkaRecords.cloudEvent(Topics.ALERTS, alert.fingerprint(), CloudEvent.of("test", alert)));
        }
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion();

        await().atMost(Duration.ofSeconds(60)).until(() -> wireMock.findAll(postRequestedFor(urlPathEqualTo(path))).size() >= ALERTS);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> wireMock.findAll(postRequestedFor(urlPathEqualTo(path))).size() == ALERTS);
        Set<String> alerts = new HashSet<>();
        for (var request : wireMock.findAll(postRequestedFor(urlPathEqualTo(path)))) {
            JSON.readTree(request.getBodyAsString()).path("alerts").forEach(a -> alerts.add(a.path("labels").path("n").asText()));
        }
        assertThat(alerts).hasSize(ALERTS);
        assertThat(held() - heldBefore).as("deliveries a pass left to the next").isPositive();
    }

    /** watchkeeper_notifier_deliveries_held_total for the channel type, from the metrics endpoint. */
    private static double held() {
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("watchkeeper_notifier_deliveries_held_total")
                        && l.contains("integration=\"alertmanager_webhook\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
