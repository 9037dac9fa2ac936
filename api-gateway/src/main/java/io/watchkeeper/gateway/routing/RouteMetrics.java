package io.watchkeeper.gateway.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code watchkeeper_gateway_requests_seconds{route, method, status}}: every API request the gateway answers, by
 * route (the resource: {@code rules}, {@code sources}, …; {@code other} for the rest), refused ones included. Low
 * cardinality: no ids, no tenants.
 */
@ApplicationScoped
public class RouteMetrics {

    private final ServiceRoutes routes;
    private final MeterRegistry registry;

    public RouteMetrics(ServiceRoutes routes, MeterRegistry registry) {
        this.routes = routes;
        this.registry = registry;
    }

    void install(@Observes Router router) {
        // before authentication, so refused requests count too
        router.routeWithRegex("/(api|ping)/.*").order(Integer.MIN_VALUE + 3).handler(ctx -> {
            Timer.Sample sample = Timer.start(registry);
            String route = routes.route(ctx.request().path())
                    .map(ServiceRoutes.Route::name)
                    .orElse(ctx.request().path().startsWith("/api/v1/audit") ? "audit" : "other");
            ctx.addEndHandler(done -> sample.stop(Timer.builder("watchkeeper_gateway_requests")
                    .description("API requests answered by the gateway, by route, method and status")
                    .tag("route", route)
                    .tag("method", ctx.request().method().name())
                    .tag("status", String.valueOf(ctx.response().getStatusCode()))
                    .publishPercentiles(0.5, 0.99)
                    .register(registry)));
            ctx.next();
        });
    }
}
