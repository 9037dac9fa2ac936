package io.watchkeeper.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which service owns which path (ARCHITECTURE.md, "Admin REST API"): the first route whose pattern matches a
 * request's path names the service; a path no route matches is not proxied (the gateway's own resources, or 404).
 */
@ApplicationScoped
public class ServiceRoutes {

    /** A service the gateway forwards to. */
    public record Service(String name, URI url) {}

    /**
     * A named group of paths (a resource, for metrics) and the service that owns it; an open route takes no token
     * (heartbeat pings: the secret ping key in the path is the credential, checked by the collector).
     */
    public record Route(String name, Pattern pattern, Service service, boolean open) {}

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();

    public ServiceRoutes(
            @ConfigProperty(name = "watchkeeper.gateway.services.collector") URI collector,
            @ConfigProperty(name = "watchkeeper.gateway.services.evaluator") URI evaluator,
            @ConfigProperty(name = "watchkeeper.gateway.services.notifier") URI notifier,
            @ConfigProperty(name = "watchkeeper.gateway.services.quota") URI quota,
            @ConfigProperty(name = "watchkeeper.gateway.services.iam") URI iam) {
        for (Service s : List.of(
                new Service("collector", collector),
                new Service("evaluator", evaluator),
                new Service("notifier", notifier),
                new Service("quota", quota),
                new Service("iam", iam))) {
            services.put(s.name(), s);
        }
        // in matching order: handling an alert is the notifier's, everything else on alerts the evaluator's
        add("alert-handling", "/api/v1/alerts/[^/]+/handle", "notifier");
        collections("collector", "sources", "ping-keys", "heartbeats", "ingest", "energy");
        add("trade-monitor-events", "/api/events/notify", "collector");
        add("alertmanager-alerts", "/api/v2/alerts", "collector");
        routes.add(new Route("pings", Pattern.compile("/ping/.+"), services.get("collector"), true));
        collections("evaluator", "rules", "alerts", "quota-usage");
        collections(
                "notifier", "channels", "routes", "silences", "inhibit-rules", "actions", "action-runs", "deliveries");
        collections("quota", "quotas", "quota-settings");
        collections("iam", "cloud-accounts", "iam-users", "api-keys");
    }

    /** The route of {@code path}, if a service owns it. */
    public Optional<Route> route(String path) {
        return routes.stream().filter(r -> r.pattern().matcher(path).matches()).findFirst();
    }

    /** Every route, in matching order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public List<Service> services() {
        return List.copyOf(services.values());
    }

    private void collections(String service, String... names) {
        for (String name : names) {
            add(name, "/api/v1/" + name + "(/.*)?", service);
        }
    }

    private void add(String name, String regex, String service) {
        routes.add(new Route(name, Pattern.compile(regex), services.get(service), false));
    }
}
