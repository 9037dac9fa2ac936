package io.watchkeeper.notifier.action;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.MultiMap;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.notifier.alert.AlertLabels;
import io.watchkeeper.notifier.channel.ChannelHttp;
import io.watchkeeper.notifier.channel.RequestBodies;
import io.watchkeeper.platform.crypto.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Runs remediation actions for an alert. An automatic action runs once per alert when it fires (the claimed run
 * row makes a redelivered event or a second instance do nothing); {@code POST /alerts/{id}/handle} runs the
 * matching actions by hand. At most one successful run per target within the action's cooldown.
 */
@ApplicationScoped
public class ActionRunner {

    private final ActionService actions;
    private final ActionRuns runs;
    private final RolloutRestart rollout;
    private final ChannelHttp http;
    private final RequestBodies bodies;
    private final SecretBox secrets;

    public ActionRunner(
            ActionService actions,
            ActionRuns runs,
            RolloutRestart rollout,
            ChannelHttp http,
            RequestBodies bodies,
            SecretBox secrets) {
        this.actions = actions;
        this.runs = runs;
        this.rollout = rollout;
        this.http = http;
        this.bodies = bodies;
        this.secrets = secrets;
    }

    /** Runs the automatic actions each firing alert matches (each once per alert). */
    public Uni<Void> automatic(List<AlertEvent> alerts) {
        List<AlertEvent> firing =
                alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).toList();
        if (firing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return actions.automatic()
                .chain(automatic -> automatic.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : Multi.createFrom()
                                .iterable(firing)
                                .onItem()
                                .transformToUniAndConcatenate(
                                        alert -> runAll(matching(automatic, alert), alert, "automatic", "notifier"))
                                .collect()
                                .last()
                                .replaceWithVoid());
    }

    /** Runs every action the alert matches, now, on behalf of {@code user}. */
    public Uni<List<ActionDtos.RunView>> handle(AlertEvent alert, String user) {
        return actions.all().chain(all -> runAll(matching(all, alert), alert, "manual", user));
    }

    private static List<Action> matching(List<Action> actions, AlertEvent alert) {
        Map<String, String> labels = AlertLabels.of(alert);
        return actions.stream()
                .filter(a -> a.matchers.stream().allMatch(m -> m.matches(labels)))
                .toList();
    }

    private Uni<List<ActionDtos.RunView>> runAll(
            List<Action> matching, AlertEvent alert, String trigger, String actor) {
        return Multi.createFrom()
                .iterable(matching)
                .onItem()
                .transformToUniAndConcatenate(
                        a -> runOne(new ActionRuns.Run(UUID.randomUUID(), a, alert.alertId(), trigger, actor), alert))
                .filter(Objects::nonNull)
                .collect()
                .asList();
    }

    /** Claims the run, executes it unless its target is cooling down, records the outcome; null: claimed before. */
    private Uni<ActionDtos.RunView> runOne(ActionRuns.Run run, AlertEvent alert) {
        Action a = run.action();
        return runs.claim(run).chain(claimed -> {
            if (claimed == null) {
                return Uni.createFrom().nullItem();
            }
            Uni<RunOutcome> outcome = claimed == RunResult.COOLDOWN
                    ? Uni.createFrom()
                            .item(new RunOutcome(
                                    RunResult.COOLDOWN,
                                    a.target.key(a.id) + " was acted on less than " + a.cooldownSeconds / 60
                                            + " minute(s) ago"))
                    : execute(a, alert).onFailure().recoverWithItem(e -> {
                        Log.warnf(e, "action %s for alert %s failed", a.name, alert.alertId());
                        return RunOutcome.failed(rootMessage(e));
                    });
            return outcome.call(o -> runs.record(run, o)).map(o -> {
                Log.infof(
                        "action %s for alert %s (%s by %s): %s %s",
                        a.name,
                        alert.alertId(),
                        run.trigger(),
                        run.actor(),
                        o.result().wire(),
                        o.detail());
                return new ActionDtos.RunView(
                        run.id(),
                        a.id,
                        a.name,
                        alert.alertId(),
                        run.trigger(),
                        run.actor(),
                        o.result(),
                        o.detail(),
                        Instant.now());
            });
        });
    }

    private Uni<RunOutcome> execute(Action a, AlertEvent alert) {
        if (Action.K8S_ROLLOUT_RESTART.equals(a.type)) {
            return rollout.restart(a.target);
        }
        String body = bodies.render(a.target.bodyTemplate(), RequestBodies.JSON, RequestBodies.values(alert));
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json; charset=utf-8");
        return http.send(
                        HttpMethod.valueOf(a.target.method()),
                        secrets.open(a.secret),
                        headers,
                        body,
                        ChannelHttp::byStatus)
                .map(r -> r.delivered()
                        ? RunOutcome.done("HTTP " + a.target.method() + " answered: " + r.response())
                        : RunOutcome.failed(r.error()));
    }

    /** The far side's words: the deepest cause's message (the client's wrapper says only which call failed). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + ": " + root;
    }
}
