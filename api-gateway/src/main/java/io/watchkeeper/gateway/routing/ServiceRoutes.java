package io.watchkeeper.gateway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which service owns which path (ARCHITECTURE.md, "Admin REST API"): the first pattern that matches a request's path
 * names the service; a path no pattern matches is not proxied (the gateway's own resources, or 404).
 */
@ApplicationScoped
public class ServiceRoutes {

    /** A service the gateway forwards to. */
    public record Service(String name, URI url) {
    }

    /** Path patterns, in matching order (handling an alert is the notifier's, everything else on alerts the evaluator's). */
    static final Map<String, String> OWNERS = owners();

    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<Pattern, Service> routes = new LinkedHashMap<>();

    public ServiceRoutes(
            @ConfigProperty(name = "watchkeeper.gateway.services.collector") URI collector,
            @ConfigProperty(name = "watchkeeper.gateway.services.evaluator") URI evaluator,
            @ConfigProperty(name = "watchkeeper.gateway.services.notifier") URI notifier,
            @ConfigProperty(name = "watchkeeper.gateway.services.quota") URI quota,
            @ConfigProperty(name = "watchkeeper.gateway.services.iam") URI iam) {
        for (Service s : List.of(new Service("collector", collector), new Service("evaluator", evaluator),
                new Service("notifier", notifier), new Service("quota", quota), new Service("iam", iam))) {
            services.put(s.name(), s);
        }
        OWNERS.forEach((pattern, owner) -> routes.put(Pattern.compile(pattern), services.get(owner)));
    }

    /** The service that owns {@code path}, if any. */
    public Optional<Service> owner(String path) {
        for (Map.Entry<Pattern, Service> route : routes.entrySet()) {
            if (route.getKey().matcher(path).matches()) {
                return Optional.of(route.getValue());
            }
        }
        return Optional.empty();
    }

    /** The path patterns (Vert.x route regexes) with their service, in matching order. */
    public Map<String, Service> byPattern() {
        Map<String, Service> out = new LinkedHashMap<>();
        OWNERS.forEach((pattern, owner) -> out.put(pattern, services.get(owner)));
        return out;
    }

    public List<Service> services() {
        return List.copyOf(services.values());
    }

    private static Map<String, String> owners() {
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put("/api/v1/alerts/[^/]+/handle", "notifier");
        for (String collection : List.of("sources", "ping-keys", "heartbeats", "ingest", "energy")) {
            owners.put("/api/v1/" + collection + "(/.*)?", "collector");
        }
        owners.put("/api/events/notify", "collector");
        owners.put("/api/v2/alerts", "collector");
        for (String collection : List.of("rules", "alerts", "quota-usage")) {
            owners.put("/api/v1/" + collection + "(/.*)?", "evaluator");
        }
        for (String collection : List.of("channels", "routes", "silences", "inhibit-rules", "actions", "action-runs",
                "deliveries")) {
            owners.put("/api/v1/" + collection + "(/.*)?", "notifier");
        }
        for (String collection : List.of("quotas", "quota-settings")) {
            owners.put("/api/v1/" + collection + "(/.*)?", "quota");
        }
        for (String collection : List.of("cloud-accounts", "iam-users", "api-keys")) {
            owners.put("/api/v1/" + collection + "(/.*)?", "iam");
        }
        return owners;
    }
}
