package io.watchkeeper.notifier.mute;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.alert.AlertLabels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Why alert states are muted, given the silences and inhibit rules in force and the firing alerts: inhibition
 * first, then silences (Alertmanager's inhibit → silence order), so an alert both inhibited and silenced names its
 * inhibitor. Pure: no storage, no clock of its own.
 */
public record MuteRules(List<Silence> silences, List<InhibitRule> rules) {

    /** Whether a rule targets one of these alerts: only then does {@link #reasons} need the firing alerts. */
    public boolean mayInhibit(List<AlertEvent> alerts) {
        return !rules.isEmpty()
                && alerts.stream().map(AlertLabels::of).anyMatch(labels -> rules.stream()
                        .anyMatch(r -> r.targets(labels)));
    }

    /**
     * For each alert state, why it is muted (null: it goes out). {@code firing}: the labels of the alerts firing or
     * acknowledged now, by alert id (an alert never inhibits itself); may be empty when {@link #mayInhibit} is false.
     */
    public List<String> reasons(List<AlertEvent> alerts, Map<UUID, Map<String, String>> firing, Instant now) {
        List<String> reasons = new ArrayList<>(alerts.size());
        for (AlertEvent alert : alerts) {
            Map<String, String> labels = AlertLabels.of(alert);
            String why = inhibitor(alert.alertId(), labels, firing);
            reasons.add(why != null ? why : silencer(labels, now));
        }
        return reasons;
    }

    private String inhibitor(UUID alertId, Map<String, String> labels, Map<UUID, Map<String, String>> firing) {
        for (InhibitRule rule : rules) {
            if (!rule.targets(labels)) {
                continue;
            }
            for (Map.Entry<UUID, Map<String, String>> source : firing.entrySet()) {
                if (!source.getKey().equals(alertId) && rule.inhibitedBy(labels, source.getValue())) {
                    return "inhibited by alert " + source.getKey() + " (rule " + rule.name + ")";
                }
            }
        }
        return null;
    }

    private String silencer(Map<String, String> labels, Instant now) {
        return silences.stream()
                .filter(s -> s.mutes(labels, now))
                .findFirst()
                .map(s -> "silenced by " + s.id + " (" + s.createdBy + ": " + s.comment + ")")
                .orElse(null);
    }
}
