package io.watchkeeper.collector.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.ReadinessWatch;
import io.watchkeeper.testsupport.TcpProxy;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL down for 30 s while meters keep reporting on {@code wk.ingest.energy.v1}: readiness DOWN during and UP
 * after without a restart, HTTP ingest answers 503 problem+json meanwhile, and every reading is recorded and
 * republished once afterwards — none lost, none counted twice.
 */
@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "service", value = "collector"), @ResourceArg(name = "databaseBehindProxy", value = "true")})
class DatabaseOutageTest {

    private static final int READINGS = 20;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    TcpProxy database;

    private final String device = "outage-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void readings_sent_while_the_database_is_down_are_recorded_once_it_is_back() {
        ConsumerTask<String, byte[]> metrics = KafkaRecords.fromNow(kafka, Topics.METRICS,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(device));
        try (ReadinessWatch readiness = ReadinessWatch.start()) {
            readiness.await(200, Duration.ofSeconds(10));
            Instant cut = Instant.now();
            database.cut();
            readiness.await(503, Duration.ofSeconds(15));
            given().header("Authorization", TestTokens.bearer("otto", "operator")).contentType(ContentType.JSON)
                    .body("[{\"readingId\":\"http-" + device + "\",\"energyType\":\"electricity\",\"deviceId\":\"" + device
                            + "\",\"value\":1,\"unit\":\"kWh\",\"readAt\":\"2026-11-20T10:00:00Z\"}]")
                    .post("/api/v1/ingest/energy").then().statusCode(503).contentType("application/problem+json")
                    .body("status", equalTo(503));

            List<ProducerRecord<String, byte[]>> readings = new ArrayList<>();
            for (int i = 0; i < READINGS; i++) {
                EnergyReading r = new EnergyReading(device + "-" + i, "electricity", device, null, BigDecimal.ONE, "kWh",
                        Map.of(), Instant.parse("2026-11-20T10:00:00Z"));
                readings.add(KafkaRecords.cloudEvent(Topics.INGEST_ENERGY, device, CloudEvent.of("meter", r)));
            }
            kafka.produce(String.class, byte[].class).fromRecords(readings).awaitCompletion();
            await().atMost(OUTAGE).pollDelay(OUTAGE.minus(Duration.between(cut, Instant.now()))).until(() -> true);
            assertThat(readiness.last()).isEqualTo(503);
            assertThat(metrics.count()).as("republished while the database is down").isZero();
            database.restore();

            readiness.await(200, Duration.ofSeconds(30));
            // each reading republished under one ce_id (a record re-sent after a failed acknowledgement carries the
            // same id, which the evaluator skips), and counted once in the day's total
            await().atMost(Duration.ofSeconds(30)).until(() -> ceIds(metrics).size() >= READINGS);
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertThat(ceIds(metrics)).as("one event id per reading").hasSize(READINGS);
            System.out.printf("collector: %d readings republished as %d records after the outage%n", READINGS,
                    metrics.count());
            given().header("Authorization", TestTokens.bearer("vera", "viewer")).queryParam("from", "2026-11-20")
                    .queryParam("to", "2026-11-20").queryParam("deviceId", device).get("/api/v1/energy/daily")
                    .then().statusCode(200).body("total", equalTo(1))
                    .body("items[0].total", org.hamcrest.Matchers.hasToString(String.valueOf(READINGS)));
        } finally {
            database.restore();
            metrics.close();
        }
    }

    private static java.util.Set<String> ceIds(ConsumerTask<String, byte[]> metrics) {
        return metrics.getRecords().stream().map(r -> KafkaRecords.header(r, "ce_id"))
                .collect(java.util.stream.Collectors.toSet());
    }
}
