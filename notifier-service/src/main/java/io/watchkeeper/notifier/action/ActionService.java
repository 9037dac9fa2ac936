package io.watchkeeper.notifier.action;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.alert.AlertLabels;
import io.watchkeeper.notifier.channel.ChannelHttp;
import io.watchkeeper.notifier.channel.RequestBodies;
import io.watchkeeper.platform.crypto.SecretBox;
import io.watchkeeper.platform.db.CachedRead;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.net.UrlGuard;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.platform.outbox.OutboxRelay;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Remediation actions and their runs. An automatic action runs once per alert when it fires (a unique row claims
 * the run, so a redelivered event or a second instance does nothing); {@code POST /alerts/{id}/handle} runs the
 * matching actions by hand. At most one successful run per target within the action's cooldown.
 */
@ApplicationScoped
public class ActionService {

    /** What a run did. */
    public record Outcome(String result, String detail) {
        public static Outcome done(String detail) {
            return new Outcome("done", detail);
        }

        public static Outcome refused(String detail) {
            return new Outcome("refused", detail);
        }

        public static Outcome failed(String detail) {
            return new Outcome("failed", detail);
        }
    }

    private final ActionRepository repository;
    private final Pool pool;
    private final RolloutRestart rollout;
    private final ChannelHttp http;
    private final RequestBodies bodies;
    private final SecretBox secrets;
    private final UrlGuard urls;

    private final Outbox outbox;
    private final OutboxRelay relay;
    /** The automatic actions, read at most every config-cache (this instance's changes at once). */
    private final CachedRead<List<Action>> automatic;
    private final Duration interruptedAfter;
    private final String tenantNamespaceSuffix;

    public ActionService(ActionRepository repository, Pool pool, RolloutRestart rollout, ChannelHttp http,
            RequestBodies bodies, SecretBox secrets, UrlGuard urls, Outbox outbox, OutboxRelay relay,
            BackgroundWork background, @ConfigProperty(name = "watchkeeper.notifier.config-cache") Duration cacheFor,
            @ConfigProperty(name = "watchkeeper.notifier.action-interrupted-after") Duration interruptedAfter,
            @ConfigProperty(name = "watchkeeper.notifier.tenant-namespace-suffix") String tenantNamespaceSuffix) {
        this.interruptedAfter = interruptedAfter;
        this.tenantNamespaceSuffix = tenantNamespaceSuffix;
        // a session of its own: the consumer may be inside one of its own
        this.automatic = new CachedRead<>(() -> background.isolated(
                () -> Panache.withSession(() -> repository.list("automatic", Sort.by("name"), true))), cacheFor);
        this.repository = repository;
        this.outbox = outbox;
        this.relay = relay;
        this.pool = pool;
        this.rollout = rollout;
        this.http = http;
        this.bodies = bodies;
        this.secrets = secrets;
        this.urls = urls;
    }

    public Uni<ActionDtos.View> create(TenantScope scope, ActionDtos.Create request, String user) {
        LabelMatcher.checkRegexes(request.matchers(), "matchers");
        ActionDtos.TargetSpec t = request.target();
        Action a = new Action();
        a.id = UUID.randomUUID();
        a.name = request.name();
        a.tenant = scope.owner(request.tenant());
        a.type = request.type();
        a.matchers = TenantScope.matchersOf(request.matchers(), a.tenant);
        a.automatic = Boolean.TRUE.equals(request.automatic());
        a.cooldownSeconds = (request.cooldownMinutes() == null ? 10 : request.cooldownMinutes()) * 60;
        if (Action.K8S_ROLLOUT_RESTART.equals(request.type())) {
            require(t.namespace(), "target.namespace");
            require(t.name(), "target.name");
            if (a.tenant != null && !java.util.regex.Pattern.matches(
                    java.util.regex.Pattern.quote(a.tenant) + tenantNamespaceSuffix, t.namespace())) {
                throw ProblemException.invalid("target.namespace", "is not one of tenant " + a.tenant + "'s namespaces");
            }
            a.target = new Action.Target(t.namespace(), t.kind() == null ? "deployment" : t.kind(), t.name(), null, null);
        } else if (Action.HTTP.equals(request.type())) {
            require(request.url(), "url");
            urls.check(request.url(), "url");
            require(t.bodyTemplate(), "target.bodyTemplate");
            try {
                bodies.render(t.bodyTemplate(), RequestBodies.JSON, RequestBodies.values(sample()));
            } catch (RuntimeException e) {
                throw ProblemException.invalid("target.bodyTemplate", "cannot be rendered: " + e.getMessage());
            }
            a.target = new Action.Target(null, null, null, t.method() == null ? "POST" : t.method(), t.bodyTemplate());
            a.secret = secrets.seal(request.url());
        } else {
            throw ProblemException.invalid("type", "must be one of [" + Action.K8S_ROLLOUT_RESTART + ", " + Action.HTTP + "]");
        }
        a.createdBy = user;
        a.createdAt = Instant.now();
        return Panache.withTransaction(() -> repository.find("name = ?1 and coalesce(tenant, '') = ?2", a.name,
                a.tenant == null ? "" : a.tenant).firstResult().chain(existing -> existing != null
                ? Uni.createFrom().failure(ProblemException.conflict("an action named " + a.name + " exists"))
                : repository.persist(a))).invoke(automatic::invalidate).map(ActionDtos.View::of);
    }

    /** The actions of one tenant ({@code null}: of all). */
    public Uni<Page<ActionDtos.View>> list(String tenant) {
        return Panache.withSession(() -> tenant == null ? repository.listAll(Sort.by("name"))
                        : repository.list("tenant", Sort.by("name"), tenant))
                .map(all -> new Page<>(all.stream().map(ActionDtos.View::of).toList(), all.size(), 0, all.size()));
    }

    public Uni<Void> delete(TenantScope scope, UUID id) {
        return Panache.withTransaction(() -> repository.findById(id)
                        .map(a -> scope.visible(a, a == null ? null : a.tenant, "action", id))
                        .call(repository::delete))
                .invoke(automatic::invalidate).replaceWithVoid();
    }

    /** Runs the automatic actions each firing alert matches (each once per alert). */
    public Uni<Void> automatic(List<AlertEvent> alerts) {
        List<AlertEvent> firing = alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).toList();
        if (firing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return automatic.get()
                .chain(actions -> actions.isEmpty() ? Uni.createFrom().voidItem()
                        : Multi.createFrom().iterable(firing)
                                .onItem().transformToUniAndConcatenate(alert -> runAll(matching(actions, alert), alert,
                                        "automatic", "notifier"))
                                .collect().last().replaceWithVoid());
    }

    /** Runs every action the alert matches, now, on behalf of {@code user}. */
    public Uni<List<ActionDtos.RunView>> handle(AlertEvent alert, String user) {
        return Panache.withSession(() -> repository.listAll(Sort.by("name")))
                .chain(actions -> runAll(matching(actions, alert), alert, "manual", user));
    }

    /** Runs of one alert and/or action, of the actions of one tenant ({@code null}: of all). */
    public Uni<Page<ActionDtos.RunView>> runs(String tenant, UUID alertId, UUID actionId) {
        return pool.preparedQuery("""
                        SELECT r.id, r.action_id, a.name, r.alert_id, r.trigger, r.actor, r.result, r.detail, r.at
                          FROM action_run r JOIN action a ON a.id = r.action_id
                         WHERE ($1::uuid IS NULL OR r.alert_id = $1) AND ($2::uuid IS NULL OR r.action_id = $2)
                           AND ($3::text IS NULL OR a.tenant = $3)
                         ORDER BY r.at LIMIT 500""")
                .execute(Tuple.of(alertId, actionId, tenant))
                .map(rows -> {
                    List<ActionDtos.RunView> views = new ArrayList<>();
                    rows.forEach(r -> views.add(view(r)));
                    return new Page<>(views, views.size(), 0, views.size());
                });
    }

    private static List<Action> matching(List<Action> actions, AlertEvent alert) {
        Map<String, String> labels = AlertLabels.of(alert);
        return actions.stream().filter(a -> a.matchers.stream().allMatch(m -> m.matches(labels))).toList();
    }

    private Uni<List<ActionDtos.RunView>> runAll(List<Action> actions, AlertEvent alert, String trigger, String actor) {
        return Multi.createFrom().iterable(actions)
                .onItem().transformToUniAndConcatenate(a -> runOne(a, alert, trigger, actor))
                .filter(java.util.Objects::nonNull).collect().asList();
    }

    /** Claims the run (an automatic one once per alert), checks the cooldown, executes, records the outcome. */
    private Uni<ActionDtos.RunView> runOne(Action a, AlertEvent alert, String trigger, String actor) {
        UUID runId = UUID.randomUUID();
        String key = a.target.key(a.id);
        return pool.preparedQuery("""
                        INSERT INTO action_run (id, action_id, alert_id, target_key, trigger, actor, result, at)
                        SELECT $1, $2, $3, $4, $5, $6,
                               CASE WHEN EXISTS (SELECT 1 FROM action_run WHERE target_key = $4
                                                  AND result IN ('done', 'running')
                                                  AND at > now() - $7 * interval '1 second') THEN 'cooldown' ELSE 'running' END,
                               now()
                        ON CONFLICT DO NOTHING
                        RETURNING result""")
                .execute(Tuple.tuple(List.of(runId, a.id, alert.alertId(), key, trigger, actor, a.cooldownSeconds)))
                .chain(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Uni.createFrom().nullItem(); // this automatic run was claimed already
                    }
                    Uni<Outcome> outcome = "cooldown".equals(rows.iterator().next().getString(0))
                            ? Uni.createFrom().item(new Outcome("cooldown", key + " was acted on less than "
                                    + a.cooldownSeconds / 60 + " minute(s) ago"))
                            : execute(a, alert).onFailure().recoverWithItem(e -> {
                                Log.warnf(e, "action %s for alert %s failed", a.name, alert.alertId());
                                return Outcome.failed(rootMessage(e));
                            });
                    return outcome.chain(o -> record(runId, a, alert, trigger, actor, o)).map(o -> new ActionDtos.RunView(runId, a.id, a.name,
                            alert.alertId(), trigger, actor, o.result(), o.detail(), Instant.now()));
                })
                .invoke(run -> {
                    if (run != null) {
                        Log.infof("action %s for alert %s (%s by %s): %s %s", a.name, alert.alertId(), trigger, actor,
                                run.result(), run.detail());
                    }
                });
    }

    private Uni<Outcome> execute(Action a, AlertEvent alert) {
        if (Action.K8S_ROLLOUT_RESTART.equals(a.type)) {
            return rollout.restart(a.target);
        }
        String body = bodies.render(a.target.bodyTemplate(), RequestBodies.JSON, RequestBodies.values(alert));
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json; charset=utf-8");
        return http.send(HttpMethod.valueOf(a.target.method()), secrets.open(a.secret), headers, body, ChannelHttp::byStatus)
                .map(r -> r.delivered() ? Outcome.done("HTTP " + a.target.method() + " answered: " + r.response())
                        : Outcome.failed(r.error()));
    }

    /** The run's outcome, announced on wk.deliveries.v1 (channel {@code action:<id>}) in the same transaction. */
    private Uni<Outcome> record(UUID runId, Action a, AlertEvent alert, String trigger, String actor, Outcome o) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "UPDATE action_run SET result = $2, detail = $3, at = now() WHERE id = $1")
                        .execute(Tuple.of(runId, o.result(), o.detail()))
                        .chain(() -> outbox.addAll(conn, List.of(announcement(runId, a.id, a.name, alert.alertId(),
                                trigger, actor, o)))))
                .invoke(relay::wake).replaceWith(o);
    }

    /**
     * Runs left {@code running} longer than any action can take: the notifier stopped mid-way. They are recorded
     * as failed, not run again (a restart may have happened; handling the alert again is the operator's call), so
     * their target's cooldown is not held forever.
     */
    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return failInterrupted().replaceWithVoid();
    }

    /** Records the interrupted runs as failed; returns how many. */
    public Uni<Integer> failInterrupted() {
        Outcome interrupted = Outcome.failed("interrupted: the notifier stopped before the action finished; "
                + "it may or may not have taken effect and is not run again");
        return pool.withTransaction(conn -> conn.preparedQuery("""
                                UPDATE action_run r SET result = $2, detail = $3, at = now() FROM action a
                                 WHERE a.id = r.action_id AND r.result = 'running'
                                   AND r.at < now() - $1 * interval '1 millisecond'
                                RETURNING r.id, r.action_id, a.name, r.alert_id, r.trigger, r.actor""")
                        .execute(Tuple.of(interruptedAfter.toMillis(), interrupted.result(), interrupted.detail()))
                        .chain(rows -> {
                            List<Outbox.Item> announced = new ArrayList<>();
                            for (Row r : rows) {
                                Log.warnf("action run %s (action %s, alert %s) was interrupted: recorded as failed",
                                        r.getUUID(0), r.getString(2), r.getUUID(3));
                                announced.add(announcement(r.getUUID(0), r.getUUID(1), r.getString(2), r.getUUID(3),
                                        r.getString(4), r.getString(5), interrupted));
                            }
                            return outbox.addAll(conn, announced).replaceWith(announced.size());
                        }))
                .invoke(n -> {
                    if (n > 0) {
                        relay.wake();
                    }
                });
    }

    private static Outbox.Item announcement(UUID runId, UUID actionId, String name, UUID alertId, String trigger,
            String actor, Outcome o) {
        DeliveryEvent.Status status = switch (o.result()) {
            case "done" -> DeliveryEvent.Status.SENT;
            case "failed" -> DeliveryEvent.Status.FAILED;
            default -> DeliveryEvent.Status.SKIPPED;
        };
        DeliveryEvent event = new DeliveryEvent(alertId.toString(), "action:" + actionId, status, 1,
                "done".equals(o.result()) ? null : o.detail(),
                new DeliveryEvent.Action(actionId.toString(), name, o.result(), trigger, actor));
        return new Outbox.Item(Topics.DELIVERIES, alertId.toString(), CloudEvent.of(runId + ".run", "notifier-service", event));
    }

    private static ActionDtos.RunView view(Row r) {
        OffsetDateTime at = r.getOffsetDateTime(8);
        return new ActionDtos.RunView(r.getUUID(0), r.getUUID(1), r.getString(2), r.getUUID(3), r.getString(4),
                r.getString(5), r.getString(6), r.getString(7), at.toInstant());
    }

    /** The far side's words: the deepest cause's message (the client's wrapper says only which call failed). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + ": " + root;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required");
        }
    }

    private static AlertEvent sample() {
        return new AlertEvent(UUID.randomUUID(), "0000000000000000", "rule", "rule", "threshold", AlertStatus.FIRING,
                Severity.WARNING, "title", null, Map.of(), Map.of(), null, null, Instant.now(), null, null, null);
    }
}
