package io.watchkeeper.notifier.route;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.notifier.alert.AlertLabels;
import io.watchkeeper.notifier.channel.ChannelRepository;
import io.watchkeeper.platform.labels.LabelMatcher;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The routing table, walked in position order like Alertmanager's routes (first match, unless continue). */
@ApplicationScoped
public class RouteService {

    private final RouteRepository repository;
    private final ChannelRepository channels;

    public RouteService(RouteRepository repository, ChannelRepository channels) {
        this.repository = repository;
        this.channels = channels;
    }

    public Uni<RouteDtos.View> create(RouteDtos.Create request, String user) {
        Route r = new Route();
        r.id = UUID.randomUUID();
        r.name = request.name();
        r.position = request.position() == null ? 100 : request.position();
        r.matchers = request.matchers() == null ? List.of() : List.copyOf(request.matchers());
        LabelMatcher.checkRegexes(r.matchers, "matchers");
        r.channelIds = List.copyOf(new LinkedHashSet<>(request.channelIds()));
        r.continueMatching = Boolean.TRUE.equals(request.continueMatching());
        r.createdBy = user;
        r.createdAt = Instant.now();
        return Panache.withTransaction(() -> channels.count("id in ?1", r.channelIds).chain(found -> {
            if (found != r.channelIds.size()) {
                return Uni.createFrom().failure(ProblemException.invalid("channelIds", "names a channel that does not exist"));
            }
            return repository.persist(r);
        })).map(RouteDtos.View::of);
    }

    public Uni<Page<RouteDtos.View>> list() {
        return Panache.withSession(() -> repository.listAll(Sort.by("position").and("createdAt")))
                .map(routes -> new Page<>(routes.stream().map(RouteDtos.View::of).toList(), routes.size(), 0,
                        routes.size()));
    }

    public Uni<Void> delete(UUID id) {
        return Panache.withTransaction(() -> repository.deleteById(id)).invoke(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("route", id);
            }
        }).replaceWithVoid();
    }

    /** The channels an alert goes to, in route order, each once. */
    public Uni<Set<UUID>> channelsFor(AlertEvent alert) {
        Map<String, String> labels = AlertLabels.of(alert);
        return Panache.withSession(() -> repository.listAll(Sort.by("position").and("createdAt"))).map(routes -> {
            Set<UUID> targets = new LinkedHashSet<>();
            for (Route route : routes) {
                if (route.matchers.stream().allMatch(m -> m.matches(labels))) {
                    targets.addAll(route.channelIds);
                    if (!route.continueMatching) {
                        break;
                    }
                }
            }
            return targets;
        });
    }
}
