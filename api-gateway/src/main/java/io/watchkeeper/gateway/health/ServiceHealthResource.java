package io.watchkeeper.gateway.health;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.watchkeeper.gateway.routing.ServiceRoutes;
import io.watchkeeper.platform.security.Roles;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;

/**
 * Whether each service behind the gateway is ready, as its own readiness probe says ({@code /q/health/ready}); the
 * console's service health. No tenant data: every signed-in role may read it.
 */
@Path("/api/v1/service-health")
public class ServiceHealthResource {

    /** {@code status}: UP, DOWN (it answered not ready) or UNREACHABLE (no answer within the probe's time). */
    public record ServiceHealth(String name, String status, Instant checkedAt) {}

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    private final ServiceRoutes routes;
    private final WebClient client;

    public ServiceHealthResource(ServiceRoutes routes, Vertx vertx) {
        this.routes = routes;
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) PROBE_TIMEOUT.toMillis()));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    // no tenant's data: says so to the authorization matrix of the tests (AuthzMatrix.TENANT_FREE)
    @Extension(name = "x-watchkeeper-tenant-free", value = "true", parseValue = true)
    public Uni<List<ServiceHealth>> list() {
        List<Uni<ServiceHealth>> probes =
                routes.services().stream().map(this::probe).toList();
        return Uni.join().all(probes).andFailFast();
    }

    private Uni<ServiceHealth> probe(ServiceRoutes.Service service) {
        return client.getAbs(service.url().resolve("/q/health/ready").toString())
                .timeout(PROBE_TIMEOUT.toMillis())
                .send()
                .map(r -> new ServiceHealth(
                        service.name(),
                        r.statusCode() == 200 && "UP".equals(new JsonObject(r.bodyAsString()).getString("status"))
                                ? "UP"
                                : "DOWN",
                        now()))
                .onFailure()
                .recoverWithItem(e -> new ServiceHealth(service.name(), "UNREACHABLE", now()));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
