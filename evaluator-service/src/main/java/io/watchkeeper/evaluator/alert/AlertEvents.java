package io.watchkeeper.evaluator.alert;

import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;

/** Maps an alert to its event on {@code wk.alerts.v1}. */
final class AlertEvents {

    static final String SOURCE = "/watchkeeper/evaluator";

    private AlertEvents() {}

    static AlertEvent toEvent(Alert a) {
        return new AlertEvent(
                a.id,
                a.fingerprint,
                a.ruleId.toString(),
                a.ruleName,
                a.type,
                a.status.wire(),
                a.severity,
                a.title,
                a.message,
                a.labels,
                a.annotations,
                a.value,
                a.threshold,
                a.startsAt,
                a.endsAt,
                a.acknowledgedBy,
                a.quota);
    }

    /** The id names the state (alert id + version), so a re-published state is a recognisable duplicate. */
    static CloudEvent<AlertEvent> cloudEvent(Alert a) {
        return CloudEvent.of(a.id + "." + a.version, SOURCE, toEvent(a));
    }
}
