package io.watchkeeper.gateway.audit;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.watchkeeper.gateway.trace.RequestIds;
import io.watchkeeper.platform.security.Tenancy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Appends an {@link AuditEntry} for every change tried through the gateway — any method but GET, HEAD and OPTIONS
 * on {@code /api/}, answered or refused (401 and 403 included) — once the answer has gone out. An entry that cannot
 * be written is logged with all it says (the change itself stands).
 */
@ApplicationScoped
public class AuditRecorder {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final Pattern UUID_IN_PATH =
            Pattern.compile("/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(/|$)");

    private final AuditLog log;

    public AuditRecorder(AuditLog log) {
        this.log = log;
    }

    void install(@Observes Router router) {
        // before authentication, so a refused request is recorded too
        router.routeWithRegex("/api/.*").order(Integer.MIN_VALUE + 2).handler(ctx -> {
            if (!READS.contains(ctx.request().method())) {
                Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                ctx.addEndHandler(done -> record(ctx, at));
            }
            ctx.next();
        });
    }

    private void record(RoutingContext ctx, Instant at) {
        SecurityIdentity identity = ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        boolean known = identity != null && !identity.isAnonymous();
        String tenant = null;
        if (known) {
            try {
                tenant = Tenancy.of(identity).tenant();
            } catch (RuntimeException badClaim) {
                tenant = "(invalid tenant claim)";
            }
        }
        String traceparent = ctx.request().getHeader(RequestIds.TRACEPARENT);
        AuditEntry entry = new AuditEntry(
                UUID.randomUUID(),
                at,
                known ? identity.getPrincipal().getName() : "anonymous",
                tenant,
                known ? String.join(",", new TreeSet<>(identity.getRoles())) : "",
                ctx.request().method().name(),
                ctx.request().path(),
                target(ctx),
                ctx.response().getStatusCode(),
                ctx.request().getHeader(RequestIds.REQUEST_ID),
                traceparent == null || traceparent.length() < 35 ? null : traceparent.substring(3, 35));
        log.append(entry)
                .subscribe()
                .with(ok -> {}, failure -> Log.errorf("audit entry not written (%s): %s", failure.getMessage(), entry));
    }

    /** The id the change concerned: the one created (Location), else the first id in the path. */
    private static String target(RoutingContext ctx) {
        String location = ctx.response().headers().get("Location");
        if (location != null) {
            return location.substring(location.lastIndexOf('/') + 1);
        }
        Matcher id = UUID_IN_PATH.matcher(ctx.request().path());
        return id.find() ? id.group(1) : null;
    }
}
