package io.watchkeeper.notifier.alert;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.action.ActionRunner;
import io.watchkeeper.notifier.delivery.Dispatcher;
import io.watchkeeper.notifier.delivery.NotificationLog;
import io.watchkeeper.notifier.delivery.Retention;
import io.watchkeeper.notifier.mute.AlertStates;
import io.watchkeeper.notifier.mute.Mutes;
import io.watchkeeper.notifier.route.RouteService;
import io.watchkeeper.notifier.route.RoutingTree;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import io.watchkeeper.platform.kafka.ConsumerGuard;
import io.watchkeeper.platform.kafka.DeadLetterQueue;
import io.watchkeeper.platform.metrics.Timed;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes {@code wk.alerts.v1} a poll at a time: remembers each alert state, checks inhibit rules and silences
 * (Alertmanager's inhibit → silence stages), routes it and logs a delivery per channel — pending, or skipped
 * with the reason when muted — and runs automatic remediation. A record that breaks the contract goes to
 * {@code wk.alerts.v1.dlq} with the reason and the rest of the batch goes on. The batch is acknowledged (its offsets
 * committed) only after its deliveries are recorded; sending happens after, from the log, so a crash loses nothing
 * and a redelivered batch records nothing new. An event older than the retention is skipped ({@link Retention}).
 */
@ApplicationScoped
public class AlertConsumer {

    public static final String CHANNEL = "alerts-in";

    private final RouteService routes;
    private final NotificationLog log;
    private final Dispatcher dispatcher;
    private final Mutes mutes;
    private final ActionRunner actions;
    private final AlertStates alertStates;
    private final DeadLetterQueue deadLetters;
    private final ConsumerGuard guard;
    private final Timer batchTime;
    private final Counter stale;
    private final Retention retention;

    public AlertConsumer(
            RouteService routes,
            NotificationLog log,
            Dispatcher dispatcher,
            Mutes mutes,
            AlertStates alertStates,
            ActionRunner actions,
            DeadLetterQueue deadLetters,
            ConsumerGuard guard,
            MeterRegistry registry,
            Retention retention) {
        this.retention = retention;
        this.stale = Counter.builder("watchkeeper_notifier_alerts_stale")
                .description("alert events skipped as older than the retention")
                .register(registry);
        this.batchTime = Timer.builder("watchkeeper_notifier_batch_record")
                .description("recording the deliveries of one batch of alert events")
                .register(registry);
        this.routes = routes;
        this.log = log;
        this.dispatcher = dispatcher;
        this.mutes = mutes;
        this.alertStates = alertStates;
        this.actions = actions;
        this.deadLetters = deadLetters;
        this.guard = guard;
    }

    @Incoming(CHANNEL)
    @SuppressWarnings("unchecked")
    public Uni<Void> consume(Message<List<byte[]>> batch) {
        ConsumerRecords<String, byte[]> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .map(m -> (ConsumerRecords<String, byte[]>) m.getRecords())
                .orElseThrow();
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(records.count());
        List<CloudEvent<AlertEvent>> states = new ArrayList<>(records.count());
        List<DeadLetterQueue.Entry> dead = new ArrayList<>();
        Instant staleBefore = retention.staleBefore();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                CloudEvent<AlertEvent> event = CloudEventMessages.decode(record, AlertEvent.class);
                if (event.time().isBefore(staleBefore)) {
                    Log.warnf(
                            "alert event %s at %s-%d@%d is older than the retention: skipped (its alert may be "
                                    + "forgotten already, and must not be sent again)",
                            event.id(), record.topic(), record.partition(), record.offset());
                    stale.increment();
                } else {
                    sources.add(record);
                    states.add(event);
                }
            } catch (ContractViolation violation) {
                dead.add(new DeadLetterQueue.Entry(record, violation));
            }
        }
        return deadLetters
                .sendAll(dead)
                .chain(() -> guard.retried(
                                CHANNEL,
                                "recording " + states.size() + " alert state(s)",
                                () -> Timed.timed(batchTime, () -> record(states)))
                        // a poison record in the batch: each alert on its own, the one that fails dead-lettered
                        .onFailure()
                        .recoverWithUni(failure -> Multi.createFrom()
                                .range(0, states.size())
                                .onItem()
                                .transformToUniAndConcatenate(i ->
                                        guard.handle(CHANNEL, sources.get(i), () -> record(List.of(states.get(i)))))
                                .collect()
                                .last()
                                .replaceWithVoid()))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    /**
     * One batch through the pipeline's first stages, in Alertmanager's order: inhibit → silence ({@link Mutes}) →
     * route → log ({@link NotificationLog}, which drops what it has seen); automatic remediation for what is not
     * muted; then the dispatcher is woken for dispatch → settle.
     */
    private Uni<Void> record(List<CloudEvent<AlertEvent>> states) {
        if (states.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<AlertEvent> alerts = states.stream().map(CloudEvent::data).toList();
        // one after the other: the stages may read through the same Hibernate Reactive session
        return alertStates
                .remember(states)
                .chain(() -> mutes.reasons(alerts))
                .chain(muted -> routes.tree().map(tree -> route(tree, alerts, muted)))
                .chain(routed -> log.record(routed)
                        .call(() -> actions.automatic(routed.stream()
                                .filter(r -> r.muted() == null)
                                .map(NotificationLog.Routed::alert)
                                .toList())))
                .invoke(recorded -> {
                    Log.debugf("%d alert state(s): %d new deliveries", alerts.size(), recorded);
                    if (recorded > 0) {
                        dispatcher.wake();
                    }
                })
                .replaceWithVoid();
    }

    /** Each alert state with the channels its route sends to and, when muted, why. */
    private static List<NotificationLog.Routed> route(RoutingTree tree, List<AlertEvent> alerts, List<String> muted) {
        List<NotificationLog.Routed> routed = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            AlertEvent alert = alerts.get(i);
            if (muted.get(i) != null) {
                Log.infof("alert %s muted: %s", alert.alertId(), muted.get(i));
            }
            routed.add(new NotificationLog.Routed(alert, RouteService.destinations(tree, alert), muted.get(i)));
        }
        return routed;
    }
}
