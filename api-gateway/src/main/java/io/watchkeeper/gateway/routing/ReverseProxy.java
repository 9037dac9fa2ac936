package io.watchkeeper.gateway.routing;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import io.watchkeeper.gateway.ratelimit.RateLimiter;
import io.watchkeeper.platform.problem.HttpProblems;
import io.watchkeeper.platform.problem.Problem;
import io.watchkeeper.platform.problem.ProblemMappers;
import io.watchkeeper.platform.security.Tenancy;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Forwards the services' paths ({@link ServiceRoutes}) with a Vert.x reverse proxy: path, query, body and headers
 * (the caller's {@code Authorization} among them: the services check the token again) go through unchanged. The
 * token was verified here first (quarkus-oidc, against the provider's keys); each caller and tenant is held to its
 * rate; a service that cannot be reached is a 503 problem, one that does not answer in time 504.
 */
@ApplicationScoped
public class ReverseProxy {

    private final ServiceRoutes routes;
    private final RateLimiter limits;
    private final Duration timeout;

    public ReverseProxy(
            ServiceRoutes routes,
            RateLimiter limits,
            @ConfigProperty(name = "watchkeeper.gateway.service-timeout") Duration timeout) {
        this.routes = routes;
        this.limits = limits;
        this.timeout = timeout;
    }

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(
                new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true).setConnectTimeout((int)
                        Math.min(timeout.toMillis(), 5_000)));
        Map<ServiceRoutes.Service, ProxyHandler> proxies = new HashMap<>();
        for (ServiceRoutes.Service service : routes.services()) {
            SocketAddress origin =
                    SocketAddress.inetSocketAddress(port(service), service.url().getHost());
            proxies.put(
                    service,
                    ProxyHandler.create(HttpProxy.reverseProxy(client)
                            .originRequestProvider((request, c) -> c.request(
                                    new RequestOptions().setServer(origin).setIdleTimeout(timeout.toMillis())))
                            .addInterceptor(new AnswerWhenDown(service.name()))));
        }
        for (ServiceRoutes.Route route : routes.routes()) {
            var handled = router.routeWithRegex(route.pattern().pattern());
            if (!route.open()) {
                handled.handler(this::admit);
            }
            handled.handler(proxies.get(route.service()));
        }
    }

    /**
     * Lets a caller with a verified token through, within its own and its tenant's rate: no token is a 401, over the
     * rate a 429 with {@code Retry-After}.
     */
    private void admit(RoutingContext ctx) {
        SecurityIdentity identity = ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || identity.isAnonymous()) {
            HttpProblems.unauthorized(ctx); // a token that does not verify failed the request earlier: HttpProblems
            return;
        }
        TenantScope scope;
        try {
            scope = Tenancy.of(identity);
        } catch (RuntimeException badClaim) {
            HttpProblems.send(ctx, 403, badClaim.getMessage());
            return;
        }
        limits.tryAcquire(identity.getPrincipal().getName(), scope.tenant())
                .ifPresentOrElse(
                        wait -> {
                            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                            ctx.response().putHeader("Retry-After", String.valueOf(seconds));
                            HttpProblems.send(
                                    ctx,
                                    429,
                                    "over the request rate of this "
                                            + (scope.isPlatform() ? "client" : "client or tenant") + "; retry in "
                                            + seconds + " s");
                        },
                        ctx::next);
    }

    private static int port(ServiceRoutes.Service service) {
        int port = service.url().getPort();
        return port > 0 ? port : "https".equals(service.url().getScheme()) ? 443 : 80;
    }

    /** The service down or silent: a problem the caller can act on, not the proxy's bare 502. */
    private record AnswerWhenDown(String service) implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            return context.sendRequest().recover(failure -> {
                boolean slow = failure instanceof TimeoutException; // no answer in time (a refused connect: down)
                int status = slow ? 504 : 503;
                ProxyResponse response = context.request()
                        .response()
                        .setStatusCode(status)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .setBody(Body.body(Buffer.buffer(HttpProblems.body(
                                status,
                                "the " + service + " service " + (slow ? "did not answer in time" : "cannot be reached")
                                        + "; retry",
                                context.request().getURI()))));
                if (!slow) {
                    response.putHeader("Retry-After", ProblemMappers.RETRY_AFTER_SECONDS);
                }
                return Future.succeededFuture(response);
            });
        }
    }
}
