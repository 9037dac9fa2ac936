package io.watchkeeper.evaluator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.MalformedRecords;
import io.watchkeeper.testsupport.ReadinessWatch;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A hostile producer on the evaluator's other topics ({@code wk.quotas.v1}, {@code wk.deliveries.v1}): thousands of
 * malformed records, then a valid one that must take effect within seconds; every bad record dead-lettered once, lag
 * back to 0, readiness UP throughout. And an action entry the database refuses: set aside after a few tries.
 */
@EvaluatorTest
class UpstreamAbuseTest {

    private static final int BAD = 3_000;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Pool pool;

    private final String run = "abuse" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void a_flood_of_bad_quota_definitions_never_stops_the_good_one() {
        String quotaId = run + "-quota";
        floodThenValid(
                Topics.QUOTAS,
                ConfigProvider.getConfig().getValue("mp.messaging.incoming.quotas-in.group.id", String.class),
                CloudEvent.of("quota-service", quota("sample")),
                KafkaRecords.cloudEvent(Topics.QUOTAS, quotaId, CloudEvent.of("quota-service", quota(quotaId))),
                () -> given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                                .get("/api/v1/quota-usage/" + quotaId)
                                .statusCode()
                        == 200);
    }

    @Test
    void a_flood_of_bad_delivery_entries_never_stops_the_good_one() {
        String alertId = UUID.randomUUID().toString();
        String eventId = run + "-entry";
        floodThenValid(
                Topics.DELIVERIES,
                "evaluator-actions",
                CloudEvent.of("notifier-service", entry(alertId, "sample")),
                KafkaRecords.cloudEvent(
                        Topics.DELIVERIES,
                        alertId,
                        CloudEvent.of(eventId, "notifier-service", entry(alertId, "restart web"))),
                () -> recorded(eventId));
    }

    @Test
    void an_action_entry_the_database_refuses_is_set_aside_after_a_few_tries_and_the_next_is_recorded() {
        String alertId = UUID.randomUUID().toString();
        String poisonKey = run + "-poison";
        ConsumerTask<String, byte[]> dlq =
                KafkaRecords.fromNow(kafka, Topics.deadLetter(Topics.DELIVERIES), r -> poisonKey.equals(r.key()));
        try {
            kafka.produce(String.class, byte[].class)
                    .fromRecords(
                            // valid by contract, but PostgreSQL refuses NUL in text
                            KafkaRecords.cloudEvent(
                                    Topics.DELIVERIES,
                                    poisonKey,
                                    CloudEvent.of(
                                            run + "-bad", "notifier-service", entry(alertId, "restart\u0000web"))),
                            KafkaRecords.cloudEvent(
                                    Topics.DELIVERIES,
                                    poisonKey,
                                    CloudEvent.of(run + "-next", "notifier-service", entry(alertId, "restart web"))))
                    .awaitCompletion();

            Waits.flow().until(() -> dlq.count() == 1);
            assertThat(KafkaRecords.header(dlq.getRecords().get(0), "dead-letter-reason"))
                    .startsWith("processing failed")
                    .contains("22021");
            Waits.flow().until(() -> recorded(run + "-next"));
            assertThat(recorded(run + "-bad")).isFalse();
        } finally {
            dlq.close();
        }
    }

    private void floodThenValid(
            String topic,
            String group,
            CloudEvent<?> sample,
            org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> valid,
            BooleanSupplier tookEffect) {
        ConsumerTask<String, byte[]> dlq = KafkaRecords.fromNow(
                kafka, Topics.deadLetter(topic), r -> r.key() != null && r.key().startsWith(run + "-"));
        try (ReadinessWatch readiness = ReadinessWatch.start()) {
            kafka.produce(String.class, byte[].class)
                    .fromRecords(MalformedRecords.mixed(topic, sample, run, BAD))
                    .awaitCompletion(Duration.ofMinutes(2));
            kafka.produce(String.class, byte[].class).fromRecords(valid).awaitCompletion();

            Waits.flow().pollInterval(Duration.ofMillis(50)).until(tookEffect::getAsBoolean);
            MalformedRecords.assertEachDeadLettered(dlq, topic, BAD);
            KafkaRecords.awaitNoLag(kafka, group, topic, Duration.ofSeconds(30));
            assertThat(readiness.failures())
                    .as("readiness answers other than 200 during the flood")
                    .isEmpty();
        } finally {
            dlq.close();
        }
    }

    private boolean recorded(String eventId) {
        return pool.preparedQuery("SELECT count(*) FROM alert_action WHERE event_id = $1")
                        .execute(Tuple.of(eventId))
                        .await()
                        .atMost(Duration.ofSeconds(5))
                        .iterator()
                        .next()
                        .getLong(0)
                == 1;
    }

    private static QuotaEvent quota(String id) {
        return new QuotaEvent(
                id,
                new QuotaEvent.Subject("tenant", id),
                "usage_cost",
                Map.of("tenant", id),
                new BigDecimal("100.00"),
                "USD",
                List.of(new BigDecimal("50"), new BigDecimal("80")),
                false,
                true,
                1,
                null,
                null,
                null,
                null,
                null);
    }

    private static DeliveryEvent entry(String alertId, String name) {
        String actionId = UUID.randomUUID().toString();
        return new DeliveryEvent(
                alertId,
                "action:" + actionId,
                DeliveryEvent.Status.SENT,
                1,
                null,
                new DeliveryEvent.Action(actionId, name, "done", "automatic", "notifier"));
    }
}
