package io.watchkeeper.collector.heartbeat;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.pingkey.PingKeyService;
import io.watchkeeper.platform.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The public ping endpoints, healthchecks.io style: the ping key in the URL is the credential.
 * {@code /ping/{key}/{slug}} is a success; {@code …/start}, {@code …/fail} and {@code …/{exitCode}} are the
 * other signals. A POST body (a job's output) is kept, truncated. A ping is acknowledged once its event is on
 * Kafka; it never waits on a database write.
 */
@Path("/ping/{pingKey}/{slug}")
@PermitAll
@Produces(MediaType.TEXT_PLAIN)
public class PingResource {

    static final String SLUG = "[a-z0-9][a-z0-9._-]{0,99}";
    static final String SLUG_MESSAGE = "must be 1-100 of a-z 0-9 . _ - (starting with a letter or digit)";

    private final PingKeyService pingKeys;
    private final HeartbeatService heartbeats;

    public PingResource(PingKeyService pingKeys, HeartbeatService heartbeats) {
        this.pingKeys = pingKeys;
        this.heartbeats = heartbeats;
    }

    @GET
    public Uni<String> get(
            @PathParam("pingKey") String pingKey,
            @PathParam("slug") @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug) {
        return ping(pingKey, slug, Signal.PING, null);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<String> post(
            @PathParam("pingKey") String pingKey,
            @PathParam("slug") @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug,
            String body) {
        return ping(pingKey, slug, Signal.PING, body);
    }

    @GET
    @Path("{signal}")
    public Uni<String> getSignal(
            @PathParam("pingKey") String pingKey,
            @PathParam("slug") @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug,
            @PathParam("signal") String signal) {
        return ping(pingKey, slug, signal(signal), null);
    }

    @POST
    @Path("{signal}")
    @Consumes(MediaType.WILDCARD)
    public Uni<String> postSignal(
            @PathParam("pingKey") String pingKey,
            @PathParam("slug") @Pattern(regexp = SLUG, message = SLUG_MESSAGE) String slug,
            @PathParam("signal") String signal,
            String body) {
        return ping(pingKey, slug, signal(signal), body);
    }

    private Uni<String> ping(String pingKey, String slug, Signal signal, String body) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return pingKeys.resolve(pingKey)
                .onItem()
                .ifNull()
                .failWith(() -> new ProblemException(404, "Not Found", "no ping key matches this URL", null))
                .chain(key -> heartbeats
                        .record(key, slug, signal, body, now)
                        .onFailure()
                        .transform(e -> new ProblemException(
                                503, "Service Unavailable", "the heartbeat could not be recorded; retry", null)))
                .replaceWith("OK");
    }

    private static Signal signal(String text) {
        Signal signal = Signal.parse(text);
        if (signal == null) {
            throw new ProblemException(
                    404, "Not Found", "unknown signal '" + text + "': use start, fail or an exit code 0-255", null);
        }
        return signal;
    }
}
