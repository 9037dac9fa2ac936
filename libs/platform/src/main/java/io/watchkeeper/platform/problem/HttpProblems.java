package io.watchkeeper.platform.problem;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.logging.Log;
import io.quarkus.oidc.OIDCException;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.watchkeeper.platform.faults.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code application/problem+json} for the errors the HTTP layer answers before a resource runs: a path no resource
 * serves (404, 405), a body over the size limit (413, by its Content-Length; Quarkus' own limit, higher, stops a
 * chunked body), an over-long URI (414), a control character in the URI (400: it would reach the database, which
 * refuses NUL in text), a token missing or not verifying before any resource runs (401 with the Bearer challenge; a
 * role missing, 403) — for Vert.x routes too, such as the gateway's proxy — the OIDC provider unreachable (503), and
 * failures no exception mapper saw.
 */
@ApplicationScoped
public class HttpProblems {

    /** A percent-encoded C0 control character or DEL. */
    private static final Pattern ENCODED_CONTROL = Pattern.compile("%(?:[01][0-9A-Fa-f]|7[Ff])");

    private final int maxUriLength;
    private final long maxBodySize;

    public HttpProblems(
            @ConfigProperty(name = "watchkeeper.http.max-uri-length", defaultValue = "8192") int maxUriLength,
            @ConfigProperty(name = "watchkeeper.http.max-body-size", defaultValue = "2M") MemorySize maxBodySize) {
        this.maxUriLength = maxUriLength;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::screen);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
        router.errorHandler(
                404, ctx -> send(ctx, 404, "no resource at " + ctx.request().path()));
        router.errorHandler(
                405,
                ctx -> send(
                        ctx,
                        405,
                        ctx.request().method() + " is not allowed on "
                                + ctx.request().path()));
    }

    private void screen(RoutingContext ctx) {
        String uri = ctx.request().uri();
        String length = ctx.request().getHeader("Content-Length");
        if (length != null
                && length.length() < 19
                && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > maxBodySize) {
            send(ctx, 413, "the request body has " + length + " bytes; at most " + maxBodySize);
        } else if (uri.length() > maxUriLength) {
            send(ctx, 414, "the request URI has " + uri.length() + " characters; at most " + maxUriLength);
        } else if (ENCODED_CONTROL.matcher(uri).find() || hasControl(uri)) {
            send(ctx, 400, "the request URI contains a control character");
        } else {
            ctx.next();
        }
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof AuthenticationRedirectException redirect) {
            // a browser's sign-in (the gateway's console, OIDC authorization code): off to the provider, or back
            ctx.response()
                    .setStatusCode(redirect.getCode())
                    .putHeader("Location", redirect.getRedirectUri())
                    .putHeader("Cache-Control", "no-store")
                    .end();
            return;
        }
        if (failure instanceof ForbiddenException) {
            send(ctx, 403, "the token's roles do not allow this operation");
            return;
        }
        boolean unauthenticated =
                failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException;
        if (unauthenticated && !Failures.isTransient(failure)) {
            unauthorized(ctx);
            return;
        }
        // the provider could not be reached to load its keys (OIDCException, or a transient authentication failure):
        // no token can be checked yet
        boolean unchecked = failure instanceof OIDCException || unauthenticated;
        int status = unchecked
                ? 503
                : ctx.statusCode() > 0
                        ? ctx.statusCode()
                        : failure != null && Failures.isTransient(failure) ? 503 : 500;
        if (status == 503) {
            Log.warnf(
                    "%s %s: a dependency is unavailable: %s",
                    ctx.request().method(), ctx.request().path(), failure);
            ctx.response().putHeader("Retry-After", ProblemMappers.RETRY_AFTER_SECONDS);
        } else if (status >= 500 && failure != null) {
            Log.errorf(
                    failure,
                    "%s %s failed",
                    ctx.request().method(),
                    ctx.request().path());
        }
        send(
                ctx,
                status,
                status == 413
                        ? "the request body is larger than the limit"
                        : status == 503
                                ? ProblemMappers.UNAVAILABLE
                                : status >= 500 ? "the request could not be completed; it has been logged" : null);
    }

    private static boolean hasControl(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** No token, or one that does not verify: 401 with the Bearer challenge (RFC 6750), as {@link ProblemMappers} answers. */
    public static void unauthorized(RoutingContext ctx) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        send(ctx, 401, "a valid bearer token is required");
    }

    /** Answers a Vert.x route's request with a problem of {@code status} (for handlers outside Quarkus REST). */
    public static void send(RoutingContext ctx, int status, String detail) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(body(status, detail, ctx.request().path()));
    }

    /** The problem document itself. */
    public static String body(int status, String detail, String instance) {
        JsonObject problem = new JsonObject()
                .put("type", "about:blank")
                .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("status", status);
        if (detail != null) {
            problem.put("detail", detail);
        }
        return problem.put("instance", instance).encode();
    }
}
