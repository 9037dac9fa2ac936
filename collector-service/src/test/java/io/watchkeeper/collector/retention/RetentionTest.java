package io.watchkeeper.collector.retention;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.collector.CollectorTest;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the collector forgets, and that what it forgot cannot come back and be counted again. */
@CollectorTest
class RetentionTest {

    private static final UUID KAFKA_KEY = new UUID(0, 0);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Retention retention;

    @Inject
    Pool pool;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void raw_readings_and_silent_checks_older_than_their_retention_are_forgotten_and_daily_totals_stay() {
        Instant now = Instant.now();
        // read 3,651 days ago (the tests' energy retention is ten years), and yesterday
        Instant ancient = now.minus(3651, ChronoUnit.DAYS);
        sql(
                "INSERT INTO energy_reading (tenant, reading_id, energy_type, device_id, value, unit, read_at, received_at, published)"
                        + " VALUES ('', $1, 'electricity', $2, 1, 'kWh', $3, $3, true)",
                "old-" + run,
                "meter-" + run,
                ancient);
        sql(
                "INSERT INTO energy_reading (tenant, reading_id, energy_type, device_id, value, unit, read_at, received_at, published)"
                        + " VALUES ('', $1, 'electricity', $2, 1, 'kWh', $3, $3, true)",
                "new-" + run,
                "meter-" + run,
                now.minus(1, ChronoUnit.DAYS));
        sql(
                "INSERT INTO energy_daily (day, tenant, energy_type, device_id, unit, total, readings)"
                        + " VALUES ($1, '', 'electricity', $2, 'kWh', 1, 1)",
                ancient.atOffset(ZoneOffset.UTC).toLocalDate(),
                "meter-" + run);
        // a check last heard from 91 days ago (heartbeat checks: 90 days), and one heard from an hour ago
        sql(
                "INSERT INTO heartbeat_check (ping_key_id, slug, first_ping_at, last_ping_at, pings) VALUES ($1, $2, $3, $3, 1)",
                KAFKA_KEY,
                "gone-" + run,
                now.minus(91, ChronoUnit.DAYS));
        sql(
                "INSERT INTO heartbeat_check (ping_key_id, slug, first_ping_at, last_ping_at, pings) VALUES ($1, $2, $3, $3, 1)",
                KAFKA_KEY,
                "alive-" + run,
                now.minus(1, ChronoUnit.HOURS));

        retention.prune(now).await().atMost(Duration.ofSeconds(10));

        assertThat(count("SELECT count(*) FROM energy_reading WHERE reading_id = $1", "old-" + run))
                .isZero();
        assertThat(count("SELECT count(*) FROM energy_reading WHERE reading_id = $1", "new-" + run))
                .isOne();
        assertThat(count("SELECT count(*) FROM energy_daily WHERE device_id = $1", "meter-" + run))
                .isOne();
        assertThat(count("SELECT count(*) FROM heartbeat_check WHERE slug = $1", "gone-" + run))
                .isZero();
        assertThat(count("SELECT count(*) FROM heartbeat_check WHERE slug = $1", "alive-" + run))
                .isOne();
    }

    @Test
    void a_reading_older_than_the_retention_is_refused_over_http_and_dead_lettered_from_kafka() {
        Instant ancient = Instant.now().minus(3651, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        given().header("Authorization", TestTokens.bearer("olga", "operator"))
                .contentType(ContentType.JSON)
                .body("[{\"readingId\":\"h-" + run + "\",\"energyType\":\"electricity\",\"deviceId\":\"m-" + run
                        + "\",\"value\":1,\"unit\":\"kWh\",\"readAt\":\"" + ancient + "\"}]")
                .when()
                .post("/api/v1/ingest/energy")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("[0].readAt"))
                .body("errors[0].message", containsString("retention"));

        ConsumerTask<String, byte[]> dlq =
                KafkaRecords.fromNow(kafka, Topics.deadLetter(Topics.INGEST_ENERGY), r -> true);
        try {
            EnergyReading old = new EnergyReading(
                    "k-" + run, "electricity", "m-" + run, null, BigDecimal.ONE, "kWh", Map.of(), ancient);
            kafka.produce(String.class, byte[].class)
                    .fromRecords(KafkaRecords.cloudEvent(Topics.INGEST_ENERGY, "k-" + run, CloudEvent.of("test", old)))
                    .awaitCompletion();
            Waits.flow().until(() -> dlq.getRecords().stream().anyMatch(r -> ("k-" + run).equals(r.key())));
            assertThat(KafkaRecords.header(
                            dlq.getRecords().stream()
                                    .filter(r -> ("k-" + run).equals(r.key()))
                                    .findFirst()
                                    .orElseThrow(),
                            "dead-letter-reason"))
                    .contains("retention");
        } finally {
            dlq.close();
        }
        assertThat(count("SELECT count(*) FROM energy_reading WHERE device_id = $1", "m-" + run))
                .isZero();
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement)
                .execute(Tuple.from(java.util.Arrays.stream(params)
                        .map(p -> p instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : p)
                        .toList()))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    private long count(String query, Object param) {
        return pool.preparedQuery(query)
                .execute(Tuple.of(param))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
    }
}
