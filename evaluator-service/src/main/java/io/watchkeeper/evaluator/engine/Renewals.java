package io.watchkeeper.evaluator.engine;

import io.watchkeeper.evaluator.alert.Fingerprints;
import io.watchkeeper.evaluator.engine.Verdicts.Verdict;
import io.watchkeeper.evaluator.rule.Condition;
import io.watchkeeper.evaluator.rule.RuleSpec;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Renewal reminders. Renewal rules have no events: the owner of partition 0 evaluates them on the tick, one binding
 * per subscription; a due reminder is published again every {@code repeatEvery}, and ends when the renewal date
 * moves on.
 */
final class Renewals {

    private Renewals() {}

    /** Steps every subscription's binding (kept in {@code home}, partition 0) at {@code now}, adding the work. */
    static void evaluate(PartitionState home, Collection<RuleSpec> rules, Instant now, List<Work> work) {
        for (RuleSpec rule : rules) {
            if (!rule.enabled() || !(rule.condition() instanceof Condition.Renewal c)) {
                continue;
            }
            for (Condition.Subscription sub : c.subscriptions()) {
                Map<String, String> labels = Map.of("subscription", sub.name());
                String fingerprint = Fingerprints.of(rule.id(), labels);
                Binding b = home.bindings.computeIfAbsent(fingerprint, fp -> new Binding(rule, fp, 0, labels));
                Verdict v = Verdicts.renewal(c, sub, rule.name(), now);
                Instant episode = v.since();
                if (b.phase != Binding.Phase.INACTIVE && !episode.equals(b.activeAt)) {
                    // the renewal date moved on (paid, or the rule changed): the old reminder ends
                    work.add(Work.close(b, "renewal passed"));
                    b.phase = Binding.Phase.INACTIVE;
                }
                Binding.Action action = b.step(v.holds(), episode, now);
                if (action == Binding.Action.NONE
                        && b.phase == Binding.Phase.ACTIVE
                        && b.retryAt == null
                        && b.lastRemindedAt != null
                        && !now.isBefore(b.lastRemindedAt.plus(c.repeatEvery()))) {
                    b.lastRemindedAt = now;
                    b.dirty = true;
                    work.add(Work.remind(b, v));
                    continue;
                }
                Work.add(b, action, v, work);
            }
        }
    }
}
