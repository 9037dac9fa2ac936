package io.watchkeeper.evaluator.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.evaluator.EvaluatorTest;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.Waits;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The transactional outbox when the service dies between its commit and the publish. */
@EvaluatorTest
class OutboxRelayTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Outbox outbox;

    @Test
    void an_event_committed_but_never_announced_is_published_once_by_the_next_pass() throws Throwable {
        UUID alertId = UUID.randomUUID();
        String ceId = alertId + ".1";
        AlertEvent alert = new AlertEvent(
                alertId,
                "0123456789abcdef",
                UUID.randomUUID().toString(),
                "crash test",
                "absence",
                AlertStatus.FIRING,
                Severity.WARNING,
                "crash test",
                null,
                Map.of("slug", "crash"),
                Map.of(),
                null,
                null,
                Instant.now(),
                null,
                null,
                null);
        ConsumerTask<String, byte[]> alerts =
                kafka.consume(String.class, byte[].class).fromTopics(Topics.ALERTS);
        try {
            // the state and its event are committed, and nothing wakes the relay: as if the process died here
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.add(Topics.ALERTS, alert.fingerprint(), CloudEvent.of(ceId, "test", alert))));

            Waits.flow().until(() -> published(alerts, ceId) == 1);
            Waits.quiet().until(() -> published(alerts, ceId) == 1);
            assertThat(KafkaRecords.data(
                            alerts, AlertEvent.class, a -> a.alertId().equals(alertId)))
                    .containsExactly(alert);
        } finally {
            alerts.close();
        }
    }

    private static long published(ConsumerTask<String, byte[]> alerts, String ceId) {
        return alerts.getRecords().stream()
                .filter(r -> ceId.equals(KafkaRecords.header(r, "ce_id")))
                .count();
    }
}
