package io.watchkeeper.notifier.route;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.NotifierConfig;
import io.watchkeeper.notifier.alert.AlertLabels;
import io.watchkeeper.notifier.channel.ChannelRepository;
import io.watchkeeper.platform.db.CachedRead;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import io.watchkeeper.platform.time.Durations;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The routing tree: keeps it consistent (a parent that exists, no loops, the default route always there) and
 * answers where an alert goes. The tree is read from the database at most every {@code config-cache} (another
 * instance's change shows within that time; this instance's at once).
 */
@ApplicationScoped
public class RouteService {

    private final RouteRepository repository;
    private final ChannelRepository channels;
    private final CachedRead<RoutingTree> tree;

    public RouteService(
            RouteRepository repository, ChannelRepository channels, NotifierConfig config, BackgroundWork background) {
        this.repository = repository;
        this.channels = channels;
        // a session of its own: whoever reads the tree may be inside a session of theirs
        this.tree = new CachedRead<>(
                () -> background
                        .isolated(() -> Panache.withSession(repository::listAll))
                        .map(RoutingTree::of),
                config.configCache());
    }

    public Uni<RoutingTree> tree() {
        return tree.get();
    }

    public Uni<RouteDtos.View> create(TenantScope scope, RouteDtos.Write request, String user) {
        Route r = new Route();
        r.id = UUID.randomUUID();
        r.createdBy = user;
        r.createdAt = Instant.now();
        apply(r, scope, request);
        return Panache.withTransaction(() -> check(scope, r).chain(() -> repository.persist(r)))
                .invoke(tree::invalidate)
                .chain(this::view);
    }

    /** Replaces a route; the default route keeps no matchers and no parent. */
    public Uni<RouteDtos.View> update(TenantScope scope, UUID id, RouteDtos.Write request) {
        return Panache.withTransaction(() -> find(scope, id).chain(r -> {
                    apply(r, scope, request);
                    return check(scope, r).replaceWith(r);
                }))
                .invoke(tree::invalidate)
                .chain(this::view);
    }

    public Uni<RouteDtos.View> get(TenantScope scope, UUID id) {
        return Panache.withSession(() -> find(scope, id)).chain(this::view);
    }

    private Uni<Route> find(TenantScope scope, UUID id) {
        return repository.findById(id).map(r -> scope.visible(r, r == null ? null : r.tenant, "route", id));
    }

    /**
     * The routes of one tenant ({@code tenant}, as {@link TenantScope#filter} allows) or all, in tree order (known
     * only to the whole tree: it is read whole and the page cut from it).
     */
    public Uni<Page<RouteDtos.View>> list(TenantScope scope, String tenant, int page, int size) {
        String owner = scope.filter(tenant);
        return Panache.withSession(repository::listAll).map(routes -> {
            RoutingTree current = RoutingTree.of(routes);
            Map<UUID, Route> byId = new java.util.HashMap<>();
            routes.forEach(r -> byId.put(r.id, r));
            List<RouteDtos.View> views = current.inOrder().stream()
                    .map(byId::get)
                    .filter(r -> owner == null || owner.equals(r.tenant))
                    .map(r -> RouteDtos.View.of(r, current))
                    .toList();
            return Page.slice(views, page, size);
        });
    }

    /** Deletes a leaf route; the default route and routes with children stay. */
    public Uni<Void> delete(TenantScope scope, UUID id) {
        return Panache.withTransaction(() -> find(scope, id).chain(r -> {
                    if (RoutingTree.DEFAULT_ID.equals(id)) {
                        throw ProblemException.conflict("the default route cannot be deleted; change it instead");
                    }
                    return repository.count("parentId", id).chain(children -> {
                        if (children > 0) {
                            throw ProblemException.conflict(
                                    "route " + id + " has " + children + " child route(s); delete or move them first");
                        }
                        return repository.delete(r);
                    });
                }))
                .invoke(tree::invalidate)
                .replaceWithVoid();
    }

    /**
     * Where an alert with these labels would go, without sending anything. A tenant's caller asks for its own
     * tenant's alerts and sees its own routes only.
     */
    public Uni<RouteDtos.TestResult> test(TenantScope scope, Map<String, String> asked) {
        Map<String, String> labels = scope.labelsOf(asked);
        return tree().map(t -> new RouteDtos.TestResult(t.match(labels).stream()
                .filter(m -> scope.sees(m.tenant()))
                .map(m -> new RouteDtos.Taken(
                        m.routeId(), m.routeName(), m.channelIds(), m.grouping().groupLabels(labels)))
                .toList()));
    }

    /** The channels an alert goes to, each once (through the first route, in tree order, that names it). */
    public static List<Destination> destinations(RoutingTree tree, AlertEvent alert) {
        Map<String, String> labels = AlertLabels.of(alert);
        Map<UUID, Destination> byChannel = new LinkedHashMap<>();
        for (RoutingTree.Match m : tree.match(labels)) {
            Map<String, String> groupLabels = m.grouping().groupLabels(labels);
            String key = m.grouping().groupKey(groupLabels, alert.fingerprint());
            for (UUID channel : m.channelIds()) {
                byChannel.putIfAbsent(channel, new Destination(channel, m.routeId(), key, groupLabels, m.grouping()));
            }
        }
        return new ArrayList<>(byChannel.values());
    }

    private Uni<RouteDtos.View> view(Route r) {
        return tree().map(t -> RouteDtos.View.of(r, t));
    }

    private static void apply(Route r, TenantScope scope, RouteDtos.Write w) {
        boolean root = RoutingTree.DEFAULT_ID.equals(r.id);
        r.tenant = scope.owner(w.tenant());
        if (root && r.tenant != null) {
            throw ProblemException.invalid("tenant", "the default route is the platform's; it has no tenant");
        }
        r.name = w.name();
        r.position = w.position() == null ? 100 : w.position();
        List<LabelMatcher> matchers = w.matchers() == null ? List.of() : w.matchers();
        LabelMatcher.checkRegexes(matchers, "matchers");
        r.matchers = TenantScope.matchersOf(matchers, r.tenant);
        r.channelIds = w.channelIds() == null ? List.of() : List.copyOf(new LinkedHashSet<>(w.channelIds()));
        r.continueMatching = Boolean.TRUE.equals(w.continueMatching());
        r.groupBy = w.groupBy() == null ? null : List.copyOf(new LinkedHashSet<>(w.groupBy()));
        r.groupWaitMs = millis("groupWait", w.groupWait(), true);
        r.groupIntervalMs = millis("groupInterval", w.groupInterval(), true);
        r.repeatIntervalMs = millis("repeatInterval", w.repeatInterval(), false);
        r.repeatBackoff = w.repeatBackoff();
        r.maxRepeatIntervalMs = millis("maxRepeatInterval", w.maxRepeatInterval(), false);
        if (root) {
            if (!r.matchers.isEmpty()) {
                throw ProblemException.invalid("matchers", "the default route takes every alert; it has no matchers");
            }
            if (w.parentId() != null) {
                throw ProblemException.invalid("parentId", "the default route is the root; it has no parent");
            }
            r.parentId = null;
        } else {
            r.parentId = w.parentId() == null ? RoutingTree.DEFAULT_ID : w.parentId();
            if (r.parentId.equals(r.id)) {
                throw ProblemException.invalid("parentId", "a route cannot be its own parent");
            }
        }
    }

    /**
     * The parent exists and is not below the route (no loop); every channel exists. A tenant's route hangs below the
     * default route or a route of its tenant, and sends to its tenant's channels (others' are as if they did not
     * exist).
     */
    private Uni<Void> check(TenantScope scope, Route r) {
        Uni<Void> parent = r.parentId == null
                ? Uni.createFrom().voidItem()
                : Panache.withSession(repository::listAll)
                        .invoke(all -> {
                            if (all.stream()
                                    .noneMatch(p -> p.id.equals(r.parentId)
                                            && (RoutingTree.DEFAULT_ID.equals(p.id)
                                                    || java.util.Objects.equals(p.tenant, r.tenant)
                                                    || p.tenant == null && scope.isPlatform()))) {
                                throw ProblemException.invalid("parentId", "names a route that does not exist");
                            }
                            // walk up from the new parent: meeting the route itself means it would hang below itself
                            Map<UUID, UUID> parents = new java.util.HashMap<>();
                            all.forEach(p -> parents.put(p.id, p.parentId));
                            int steps = 0;
                            for (UUID p = r.parentId; p != null && steps++ <= parents.size(); p = parents.get(p)) {
                                if (p.equals(r.id)) {
                                    throw ProblemException.invalid(
                                            "parentId", "is the route itself or one of its descendants");
                                }
                            }
                        })
                        .replaceWithVoid();
        return parent.chain(() -> r.channelIds.isEmpty()
                ? Uni.createFrom().voidItem()
                : (r.tenant == null
                                ? channels.count("id in ?1", r.channelIds)
                                : channels.count("id in ?1 and tenant = ?2", r.channelIds, r.tenant))
                        .invoke(found -> {
                            if (found != r.channelIds.size()) {
                                throw ProblemException.invalid("channelIds", "names a channel that does not exist");
                            }
                        })
                        .replaceWithVoid());
    }

    private static Long millis(String field, String text, boolean zeroAllowed) {
        if (text == null) {
            return null;
        }
        if (zeroAllowed && text.matches("0+(ms|s|m|h|d)?")) {
            return 0L;
        }
        try {
            return Durations.parse(text).toMillis();
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, e.getMessage());
        }
    }
}
