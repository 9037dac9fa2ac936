package io.watchkeeper.evaluator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
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
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A dependency of the evaluator out of reach for 30 s while metrics keep coming: readiness DOWN during and UP after
 * without a restart, and every alert the metrics caused published once afterwards — none lost, none twice. Each
 * subclass cuts one dependency (its own test resource puts it behind a {@link TcpProxy}).
 */
abstract class AlertsThroughAnOutage {

    static final int SERIES = 20;
    static final Duration OUTAGE = Duration.ofSeconds(30);

    private final String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    /** The proxy in front of the dependency that goes down (the subclass's test resource injects it). */
    TcpProxy dependency;

    /** What else the service must answer while the dependency is out of reach. */
    void whileDown() {}

    @Test
    void alerts_caused_during_the_outage_are_published_once_each_when_it_is_over() {
        given().header("Authorization", TestTokens.bearer("ada", "admin"))
                .contentType(ContentType.JSON)
                .body(
                        """
                {"name":"%s","type":"threshold","cooldownMinutes":0,"maxAlertsPerDay":1000,"matchers":[{"label":"run","op":"=","value":"%s"}],
                 "condition":{"metric":"outage_level","aggregation":"last","window":"10m","operator":">","threshold":100}}"""
                                .formatted(run, run))
                .post("/api/v1/rules")
                .then()
                .statusCode(201);
        ConsumerTask<String, byte[]> alerts = KafkaRecords.fromNow(
                kafka, Topics.ALERTS, r -> new String(r.value(), StandardCharsets.UTF_8).contains(run));
        try (ReadinessWatch readiness = ReadinessWatch.start()) {
            produce(50);
            readiness.await(200, Duration.ofSeconds(10));

            Instant cut = Instant.now();
            dependency.cut();
            readiness.await(503, Duration.ofSeconds(15));
            whileDown();
            produce(150);
            await().pollDelay(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> true);
            assertThat(firing(alerts)).as("published during the outage").isEmpty();
            await().atMost(OUTAGE)
                    .pollDelay(OUTAGE.minus(Duration.between(cut, Instant.now())))
                    .until(() -> true);
            assertThat(readiness.last()).isEqualTo(503);
            dependency.restore();

            readiness.await(200, Duration.ofSeconds(30));
            Waits.recovery().until(() -> firing(alerts).size() >= SERIES);
            Waits.quiet().until(() -> firing(alerts).size() == SERIES);
            Map<String, Long> perSeries = firing(alerts).stream()
                    .collect(Collectors.groupingBy(a -> a.labels().get("series"), Collectors.counting()));
            assertThat(perSeries).hasSize(SERIES).allSatisfy((series, count) -> assertThat(count)
                    .isEqualTo(1));
        } finally {
            dependency.restore();
            alerts.close();
        }
    }

    /**
     * The firing states published, one per {@code ce_id}: the outbox relay is at least once, and a record it sends
     * again (its rows could not be marked while the database was down) carries the same id, which consumers skip.
     */
    private List<AlertEvent> firing(ConsumerTask<String, byte[]> alerts) {
        Map<String, AlertEvent> byId = new java.util.HashMap<>();
        for (var r : alerts.getRecords()) {
            AlertEvent a = CloudEventCodec.instance()
                    .decode(r.headers(), r.value(), AlertEvent.class)
                    .data();
            if (a.status() == AlertStatus.FIRING) {
                byId.put(KafkaRecords.header(r, CloudEventCodec.CE_ID), a);
            }
        }
        return List.copyOf(byId.values());
    }

    private void produce(int value) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            MetricEvent m = new MetricEvent(
                    "outage_level",
                    MetricKind.USAGE,
                    BigDecimal.valueOf(value),
                    null,
                    Map.of("run", run, "series", "s" + i),
                    Instant.now());
            records.add(KafkaRecords.cloudEvent(Topics.METRICS, m.seriesKey(), CloudEvent.of("test", m)));
        }
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion();
    }
}
