package io.watchkeeper.notifier.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The routes as Alertmanager walks them: from the default route (the root) down, a child taking an alert when its
 * matchers match; among siblings the first match wins unless it says {@code continue}; when no child of a route
 * takes the alert, the route itself does. A route without channels uses its parent's, and unset grouping and
 * timing are inherited the same way.
 */
public final class RoutingTree {

    /** The id of the default route, the root of the tree. */
    public static final String DEFAULT_ID_TEXT = "00000000-0000-0000-0000-000000000000";

    public static final UUID DEFAULT_ID = UUID.fromString(DEFAULT_ID_TEXT);

    /** Where an alert goes: the route that took it, with its effective channels and grouping. */
    public record Match(UUID routeId, String routeName, String tenant, List<UUID> channelIds, Grouping grouping) {}

    private record Node(Route route, List<UUID> channelIds, Grouping grouping, List<Node> children) {

        Match match() {
            return new Match(route.id, route.name, route.tenant, channelIds, grouping);
        }
    }

    private static final Comparator<Route> ORDER = Comparator.<Route>comparingInt(r -> r.position)
            .thenComparing(r -> r.createdAt)
            .thenComparing(r -> r.id);

    private final Node root;
    private final Map<UUID, Node> byId = new HashMap<>();

    private RoutingTree(List<Route> routes) {
        Map<UUID, List<Route>> children = new HashMap<>();
        Route rootRoute = null;
        for (Route r : routes) {
            if (DEFAULT_ID.equals(r.id)) {
                rootRoute = r;
            } else if (r.parentId != null) {
                children.computeIfAbsent(r.parentId, k -> new ArrayList<>()).add(r);
            }
        }
        if (rootRoute == null) {
            throw new IllegalStateException("the default route is missing (migration notifier-5 creates it)");
        }
        root = build(rootRoute, List.of(), Grouping.DEFAULT.inherit(rootRoute), children);
    }

    public static RoutingTree of(List<Route> routes) {
        return new RoutingTree(routes);
    }

    /** Builds depth-first; a route is reachable only from the root, so a broken parent link cannot loop. */
    private Node build(Route route, List<UUID> parentChannels, Grouping grouping, Map<UUID, List<Route>> children) {
        List<UUID> channels = route.channelIds.isEmpty() ? parentChannels : route.channelIds;
        List<Node> kids = new ArrayList<>();
        children.getOrDefault(route.id, List.of()).stream()
                .sorted(ORDER)
                .forEach(child -> kids.add(build(child, channels, grouping.inherit(child), children)));
        Node node = new Node(route, channels, grouping, List.copyOf(kids));
        byId.put(route.id, node);
        return node;
    }

    /** The routes that take an alert with these labels, in tree order; at least the default route. */
    public List<Match> match(Map<String, String> labels) {
        return match(root, labels);
    }

    private static List<Match> match(Node node, Map<String, String> labels) {
        List<Match> matches = new ArrayList<>();
        for (Node child : node.children) {
            if (child.route.matchers.stream().allMatch(m -> m.matches(labels))) {
                matches.addAll(match(child, labels));
                if (!child.route.continueMatching) {
                    break;
                }
            }
        }
        if (matches.isEmpty()) {
            matches.add(node.match());
        }
        return matches;
    }

    /** The shortest wait before a first repeat on any route (a deleted route's deliveries follow the default's). */
    public Duration shortestRepeatWait() {
        return byId.values().stream()
                .map(n -> n.grouping.repeatWait(1))
                .min(Comparator.naturalOrder())
                .orElseThrow();
    }

    /** A route's effective settings; the default route's when it no longer exists. */
    public Grouping grouping(UUID routeId) {
        Node node = routeId == null ? null : byId.get(routeId);
        return (node == null ? root : node).grouping;
    }

    /** A route's effective channels and settings; null when the tree cannot reach it. */
    public Match effective(UUID routeId) {
        Node node = byId.get(routeId);
        return node == null ? null : node.match();
    }

    /** The ids of the reachable routes, each parent before its children, siblings in matching order. */
    public List<UUID> inOrder() {
        List<UUID> ids = new ArrayList<>();
        walk(root, ids);
        return ids;
    }

    private static void walk(Node node, List<UUID> ids) {
        ids.add(node.route.id);
        node.children.forEach(c -> walk(c, ids));
    }
}
