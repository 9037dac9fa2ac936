package io.watchkeeper.collector.ingest;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.CollectorConfig;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.contracts.event.AlertEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Which alert an ingested event opened or updated. The evaluator copies the event's annotations, {@code event_id}
 * among them, into that alert; every collector instance reads {@code wk.alerts.v1} from its end (a group of its own,
 * committing nothing) and hands the alert's id to the request waiting for it — for at most {@code notify-answer-wait},
 * since an event no rule matches opens nothing.
 */
@ApplicationScoped
public class AlertAnswers {

    /** The Kafka channel (mp.messaging.incoming.CHANNEL in application.properties). */
    public static final String ALERTS_IN = "alert-answers";

    private final Map<String, CompletableFuture<UUID>> waiting = new ConcurrentHashMap<>();
    private final Duration wait;

    public AlertAnswers(CollectorConfig config) {
        this.wait = config.ingest().notifyAnswerWait();
    }

    /**
     * Publishes with {@code publish} and then waits for the alert of event {@code eventId}: its id, or null when none
     * came in time. The wait starts before the event is published, so a quick answer cannot be missed.
     */
    public Uni<UUID> alertOf(String eventId, Uni<?> publish) {
        if (wait.isZero()) {
            return publish.replaceWith((UUID) null);
        }
        CompletableFuture<UUID> answer = new CompletableFuture<>();
        waiting.put(eventId, answer);
        return publish.chain(() -> Uni.createFrom()
                        .completionStage(answer)
                        .ifNoItem()
                        .after(wait)
                        .recoverWithItem((UUID) null))
                .eventually(() -> waiting.remove(eventId));
    }

    @Incoming(ALERTS_IN)
    public void alert(ConsumerRecord<String, byte[]> record) {
        if (waiting.isEmpty()) {
            return; // nobody asks: not even decoded
        }
        try {
            AlertEvent alert = CloudEventCodec.instance()
                    .decode(record.headers(), record.value(), AlertEvent.class)
                    .data();
            String eventId = alert.annotations().get(EventNotifications.EVENT_ID);
            CompletableFuture<UUID> answer = eventId == null ? null : waiting.get(eventId);
            if (answer != null) {
                answer.complete(alert.alertId());
            }
        } catch (ContractViolation e) {
            Log.debugf("skipped a record on wk.alerts.v1 that breaks its contract: %s", e.getMessage());
        }
    }
}
