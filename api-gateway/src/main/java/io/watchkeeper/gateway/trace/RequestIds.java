package io.watchkeeper.gateway.trace;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request gets an {@code X-Request-Id} and a W3C {@code traceparent} (kept when the caller sent valid ones),
 * forwarded to the services and echoed in the answer, so one change can be followed through every log.
 */
@ApplicationScoped
public class RequestIds {

    public static final String REQUEST_ID = "X-Request-Id";
    public static final String TRACEPARENT = "traceparent";
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern VALID_TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final SecureRandom RANDOM = new SecureRandom();

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::identify);
    }

    private void identify(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String id = request.getHeader(REQUEST_ID);
        if (id == null || !VALID_ID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            request.headers().set(REQUEST_ID, id);
        }
        String traceparent = request.getHeader(TRACEPARENT);
        if (traceparent == null || !VALID_TRACEPARENT.matcher(traceparent).matches()) {
            request.headers().set(TRACEPARENT, "00-" + hex(16) + "-" + hex(8) + "-01");
        }
        ctx.response().putHeader(REQUEST_ID, id);
        ctx.next();
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
