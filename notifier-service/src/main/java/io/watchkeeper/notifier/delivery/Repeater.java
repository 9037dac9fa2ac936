package io.watchkeeper.notifier.delivery;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.alert.AlertJson;
import io.watchkeeper.notifier.alert.AlertLabels;
import io.watchkeeper.notifier.mute.Mutes;
import io.watchkeeper.notifier.route.Destination;
import io.watchkeeper.notifier.route.Grouping;
import io.watchkeeper.notifier.route.RouteService;
import io.watchkeeper.notifier.route.RoutingTree;
import io.watchkeeper.platform.kafka.BackgroundWork;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sends a still-firing alert again: every {@code repeatInterval} of its route (each repeat waiting
 * {@code repeatBackoff} times longer than the one before, at most {@code maxRepeatInterval}), never while it is
 * acknowledged or muted; and at once when a silence or inhibition that muted it is over. A repeat is a new
 * delivery (repeat n + 1), made once however many instances look, and grouped like any other.
 */
@ApplicationScoped
public class Repeater {

    private final Pool pool;
    private final NotificationLog log;
    private final NotificationGroups groups;
    private final RouteService routes;
    private final Mutes mutes;
    private final Dispatcher dispatcher;
    private final BackgroundWork background;

    /** Firing alerts (per channel) looked at together. */
    private static final int PAGE = 500;

    private static final UUID FIRST = new UUID(0, 0);

    public Repeater(
            Pool pool,
            NotificationLog log,
            NotificationGroups groups,
            RouteService routes,
            Mutes mutes,
            Dispatcher dispatcher,
            BackgroundWork background) {
        this.pool = pool;
        this.log = log;
        this.groups = groups;
        this.routes = routes;
        this.mutes = mutes;
        this.dispatcher = dispatcher;
        this.background = background;
    }

    /** The latest delivery of a firing alert to a channel. */
    private record Last(
            AlertEvent alert,
            UUID channelId,
            UUID routeId,
            String groupKey,
            int repeat,
            String status,
            boolean muted,
            Instant at) {}

    @Scheduled(
            every = "${watchkeeper.notifier.repeat-check-interval}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> tick() {
        return background.isolated(this::check).replaceWithVoid();
    }

    /** One look at every firing alert; returns how many repeats were recorded. */
    public Uni<Integer> check() {
        return routes.tree()
                .chain(tree -> check(tree, FIRST, FIRST))
                .invoke(repeated -> {
                    if (repeated > 0) {
                        Log.infof("%d repeat notification(s) recorded", repeated);
                        dispatcher.wake();
                    }
                })
                .call(groups::forgetIdle);
    }

    /**
     * The candidates after ({@code alertId}, {@code channelId}), a page at a time: only the page's alerts are read
     * and held, so thousands of firing alerts cost a scan of small rows, not their events in memory at once.
     */
    private Uni<Integer> check(RoutingTree tree, UUID alertId, UUID channelId) {
        return candidates(tree.shortestRepeatWait(), alertId, channelId).chain(page -> {
            Instant now = Instant.now();
            List<Last> due = page.stream()
                    .filter(l -> due(l, tree.grouping(l.routeId()), now))
                    .toList();
            Uni<Integer> recorded = mutes.reasons(due.stream().map(Last::alert).toList())
                    .chain(reasons -> {
                        List<NotificationLog.New> repeats = new ArrayList<>();
                        for (int i = 0; i < due.size(); i++) {
                            if (reasons.get(i) == null) {
                                repeats.add(repeat(due.get(i), tree));
                            }
                        }
                        return log.insert(repeats);
                    });
            if (page.size() < PAGE) {
                return recorded;
            }
            Last last = page.get(page.size() - 1);
            return recorded.chain(
                    n -> check(tree, last.alert().alertId(), last.channelId()).map(more -> n + more));
        });
    }

    /** Sent (or given up on) longer ago than the repeat wait; or skipped as muted — the mute is checked next. */
    private static boolean due(Last l, Grouping grouping, Instant now) {
        return switch (l.status()) {
            case "sent", "failed" -> !l.at().plus(grouping.repeatWait(l.repeat() + 1))
                    .isAfter(now);
            case "skipped" -> l.muted();
            default -> false;
        };
    }

    /** The next delivery of a firing alert that is not muted (any more). */
    private static NotificationLog.New repeat(Last l, RoutingTree tree) {
        Grouping grouping = tree.grouping(l.routeId());
        Destination destination = new Destination(
                l.channelId(), l.routeId(), l.groupKey(), grouping.groupLabels(AlertLabels.of(l.alert())), grouping);
        return new NotificationLog.New(l.alert(), destination, l.repeat() + 1, null, false);
    }

    /**
     * The latest delivery of each firing alert to each channel that could be due: skipped as muted, or sent (or
     * given up on) at least the shortest repeat wait ago; the next page after the given key.
     */
    private Uni<List<Last>> candidates(Duration shortestWait, UUID alertId, UUID channelId) {
        return pool.preparedQuery(
                        """
                        SELECT s.alert::text, l.channel_id, l.route_id, l.group_key, l.repeat, l.status, l.muted, l.at
                          FROM (SELECT DISTINCT ON (d.alert_id, d.channel_id) d.alert_id, d.channel_id, d.route_id,
                                       d.group_key, d.repeat, d.status, d.muted, COALESCE(d.sent_at, d.updated_at) AS at
                                  FROM alert_state f JOIN delivery d ON d.alert_id = f.alert_id AND d.alert_status = 'firing'
                                 WHERE f.status = 'firing' AND d.route_id IS NOT NULL AND (d.alert_id, d.channel_id) > ($2, $3)
                                 ORDER BY d.alert_id, d.channel_id, d.repeat DESC) l
                          JOIN alert_state s ON s.alert_id = l.alert_id
                         WHERE (l.status = 'skipped' AND l.muted)
                            OR (l.status IN ('sent', 'failed') AND l.at <= now() - $1 * interval '1 millisecond')
                         ORDER BY l.alert_id, l.channel_id
                         LIMIT $4""")
                .execute(Tuple.of(shortestWait.toMillis(), alertId, channelId, PAGE))
                .map(rows -> {
                    List<Last> last = new ArrayList<>();
                    for (Row r : rows) {
                        last.add(new Last(
                                AlertJson.read(r.getString(0)),
                                r.getUUID(1),
                                r.getUUID(2),
                                r.getString(3),
                                r.getInteger(4),
                                r.getString(5),
                                r.getBoolean(6),
                                r.getOffsetDateTime(7).toInstant()));
                    }
                    return last;
                });
    }
}
