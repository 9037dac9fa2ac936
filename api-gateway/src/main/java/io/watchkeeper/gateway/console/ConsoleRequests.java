package io.watchkeeper.gateway.console;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Cross-site request forgery: the console's session is a cookie, so a page elsewhere could make the browser post to
 * it. Every change in the console is an htmx request, which carries {@code HX-Request}; a browser sends a custom
 * header cross-site only after a CORS preflight, which the gateway's CORS policy does not grant for it. A change
 * without the header is refused (403) before it reaches a page.
 */
@ApplicationScoped
public class ConsoleRequests {

    void install(@Observes Router router) {
        router.routeWithRegex("/console(/.*)?").order(Integer.MIN_VALUE + 3).handler(ctx -> {
            HttpMethod method = ctx.request().method();
            boolean change = !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
            if (change && !"true".equals(ctx.request().getHeader("HX-Request"))) {
                ctx.response()
                        .setStatusCode(403)
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("a console change must come from the console's own page");
                return;
            }
            ctx.next();
        });
    }
}
