package io.watchkeeper.collector.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.ReadinessWatch;
import io.watchkeeper.testsupport.TcpProxy;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
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
 * A dependency of the collector out of reach for 30 s while meters keep reporting on {@code wk.ingest.energy.v1}:
 * readiness DOWN during and UP after without a restart, HTTP ingest answers 503 problem+json meanwhile (and is taken
 * when retried, as the answer says), and every reading is recorded and republished once afterwards — none lost, none
 * counted twice. Each subclass cuts one dependency (its own test resource puts it behind a {@link TcpProxy}).
 */
abstract class ReadingsThroughAnOutage {

    private static final int READINGS = 20;
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final String READ_AT = "2026-11-20T10:00:00Z";

    private final String device = "outage-" + UUID.randomUUID().toString().substring(0, 8);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    /** The proxy in front of the dependency that goes down (the subclass's test resource injects it). */
    TcpProxy dependency;

    @Test
    void readings_sent_during_the_outage_are_recorded_and_republished_once_when_it_is_over() {
        ConsumerTask<String, byte[]> metrics = KafkaRecords.fromNow(
                kafka, Topics.METRICS, r -> new String(r.value(), StandardCharsets.UTF_8).contains(device));
        String batch = "[{\"readingId\":\"http-" + device + "\",\"energyType\":\"electricity\",\"deviceId\":\"" + device
                + "\",\"value\":1,\"unit\":\"kWh\",\"readAt\":\"" + READ_AT + "\"}]";
        try (ReadinessWatch readiness = ReadinessWatch.start()) {
            readiness.await(200, Duration.ofSeconds(10));
            Instant cut = Instant.now();
            dependency.cut();
            readiness.await(503, Duration.ofSeconds(15));
            operator()
                    .body(batch)
                    .post("/api/v1/ingest/energy")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("status", equalTo(503));

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
                readings.add(KafkaRecords.cloudEvent(Topics.INGEST_ENERGY, device, CloudEvent.of("meter", r)));
            }
            kafka.produce(String.class, byte[].class).fromRecords(readings).awaitCompletion();
            await().atMost(OUTAGE)
                    .pollDelay(OUTAGE.minus(Duration.between(cut, Instant.now())))
                    .until(() -> true);
            assertThat(readiness.last()).isEqualTo(503);
            assertThat(metrics.count()).as("republished during the outage").isZero();
            dependency.restore();

            readiness.await(200, Duration.ofSeconds(30));
            operator().body(batch).post("/api/v1/ingest/energy").then().statusCode(202);
            // each reading republished under one ce_id (a record re-sent after a failed acknowledgement carries the
            // same id, which the evaluator skips), and counted once in the day's total
            Waits.recovery().until(() -> ceIds(metrics).size() >= READINGS + 1);
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> true);
            assertThat(ceIds(metrics)).as("one event id per reading").hasSize(READINGS + 1);
            System.out.printf(
                    "collector: %d readings republished as %d records after the outage%n",
                    READINGS + 1, metrics.count());
            given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                    .queryParam("from", "2026-11-20")
                    .queryParam("to", "2026-11-20")
                    .queryParam("deviceId", device)
                    .get("/api/v1/energy/daily")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(1))
                    .body("items[0].total", org.hamcrest.Matchers.hasToString(String.valueOf(READINGS + 1)));
        } finally {
            dependency.restore();
            metrics.close();
        }
    }

    private static RequestSpecification operator() {
        return given().header("Authorization", TestTokens.bearer("otto", "operator"))
                .contentType(ContentType.JSON);
    }

    private static Set<String> ceIds(ConsumerTask<String, byte[]> metrics) {
        return metrics.getRecords().stream()
                .map(r -> KafkaRecords.header(r, "ce_id"))
                .collect(Collectors.toSet());
    }
}
