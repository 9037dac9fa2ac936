package io.watchkeeper.evaluator.engine;

import io.watchkeeper.evaluator.alert.AlertService;
import io.watchkeeper.evaluator.engine.Verdicts.Verdict;
import io.watchkeeper.evaluator.rule.RuleSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Something to do in the database for a binding, captured inside the serial section when its state changed: an
 * {@code action} (null: publish the open alert again, a reminder) with the alert it fires, or the episode to close.
 */
record Work(Binding binding, Binding.Action action, AlertService.Firing firing, Instant startsAt, String message) {

    /** Adds the work a binding's step asked for, if any. */
    static void add(Binding b, Binding.Action action, Verdict v, List<Work> work) {
        switch (action) {
            case NONE -> {}
            case CLOSE -> work.add(new Work(b, action, null, b.activeAt, null));
            default -> work.add(new Work(b, action, firing(b, v), b.activeAt, null));
        }
    }

    /** Closes the binding's episode with {@code message}. */
    static Work close(Binding b, String message) {
        return new Work(b, Binding.Action.CLOSE, null, b.activeAt, message);
    }

    /** Publishes the binding's open alert again, with the verdict's words: a renewal's reminder, an event's update. */
    static Work remind(Binding b, Verdict v) {
        return new Work(b, null, firing(b, v), b.activeAt, null);
    }

    /** The alert of a binding's verdict: the series' and the rule's labels, the rule's and the verdict's annotations. */
    static AlertService.Firing firing(Binding b, Verdict v) {
        RuleSpec rule = b.rule;
        Map<String, String> labels = new HashMap<>(b.labels);
        labels.putAll(rule.labels());
        labels.put("alertname", rule.name());
        labels.put("priority", rule.priority().wireName());
        Map<String, String> annotations = new HashMap<>(rule.annotations());
        annotations.putAll(v.annotations());
        return new AlertService.Firing(
                rule.id(),
                rule.name(),
                rule.type().wireName(),
                b.fingerprint,
                rule.severity(),
                rule.priority().wireName(),
                v.title().get(),
                v.message().get(),
                labels,
                annotations,
                v.value(),
                v.threshold(),
                b.activeAt,
                null);
    }
}
