package io.watchkeeper.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.OidcStub;
import io.watchkeeper.testsupport.TestInfra;
import io.watchkeeper.testsupport.TestTokens;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The collector republishing meter readings from {@code wk.ingest.energy.v1}, killed with SIGKILL mid-stream and
 * restarted: every reading is republished as a metric under its one {@code ce_id} (what a crash repeats is re-sent
 * with the same id, which the evaluator skips) and counted once in the day's energy total.
 */
class CollectorRecoveryIT {

    private static final int READINGS = 3_000;
    private static final String READ_AT = "2026-11-21T10:00:00Z";
    /** The killed instance's consumers leave the group after this; the restarted one gets its partitions then. */
    private static final Map<String, String> ENV = Map.of("WK_COLLECTOR_SESSION_TIMEOUT_MS", "10000");

    @Test
    void killed_mid_stream_and_restarted_it_republishes_every_reading_and_counts_each_once() throws Exception {
        String device = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        WireMockServer stubs = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        stubs.start();
        String issuer = OidcStub.serve(stubs, "e2e-collector-recovery");
        try (KafkaCompanion kafka = new KafkaCompanion(TestInfra.kafkaBootstrap());
                Services services = new Services(issuer)) {
            ConsumerTask<String, byte[]> metrics = KafkaRecords.fromNow(
                    kafka, Topics.METRICS, r -> new String(r.value(), StandardCharsets.UTF_8).contains(device));
            String db = services.database("collector_recovery");
            ServiceProcess first = services.start("collector-service", db, ENV);
            services.awaitReady();

            List<ProducerRecord<String, byte[]>> readings = new ArrayList<>();
            for (int i = 0; i < READINGS; i++) {
                EnergyReading r = new EnergyReading(
                        device + "-" + i,
                        "electricity",
                        device,
                        null,
                        BigDecimal.ONE,
                        "kWh",
                        Map.of(),
                        Instant.parse(READ_AT));
                readings.add(KafkaRecords.cloudEvent(Topics.INGEST_ENERGY, r.readingId(), CloudEvent.of("meter", r)));
            }
            kafka.produce(String.class, byte[].class).fromRecords(readings).awaitCompletion(Duration.ofMinutes(2));
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> metrics.count() >= READINGS / 10);
            first.kill();
            int atKill = ceIds(metrics).size();
            System.out.printf("e2e: collector killed after %d of %d readings republished%n", atKill, READINGS);
            assertThat(atKill).as("killed mid-stream").isLessThan(READINGS);

            ServiceProcess second = services.start("collector-service", db, ENV);
            second.awaitReady(Duration.ofSeconds(90));
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> ceIds(metrics).size() >= READINGS);
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> true);
            assertThat(ceIds(metrics)).as("one event id per reading").hasSize(READINGS);
            System.out.printf(
                    "e2e: %d readings republished as %d records (%d re-sent with the same ce_id)%n",
                    READINGS, metrics.count(), metrics.count() - READINGS);
            given().baseUri(second.url())
                    .header("Authorization", "Bearer " + TestTokens.token(issuer, "vera", null, "viewer"))
                    .queryParam("from", "2026-11-21")
                    .queryParam("to", "2026-11-21")
                    .queryParam("deviceId", device)
                    .get("/api/v1/energy/daily")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(1))
                    .body("items[0].total", org.hamcrest.Matchers.hasToString(String.valueOf(READINGS)));
            metrics.close();
        } finally {
            stubs.stop();
        }
    }

    private static Set<String> ceIds(ConsumerTask<String, byte[]> metrics) {
        return metrics.getRecords().stream()
                .map(r -> KafkaRecords.header(r, "ce_id"))
                .collect(Collectors.toSet());
    }
}
