package io.watchkeeper.collector.heartbeat;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.metric.MetricPublisher;
import io.watchkeeper.collector.pingkey.PingKeyService;
import io.watchkeeper.collector.pingkey.PingKeyService.ResolvedKey;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.platform.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The public ping endpoint, healthchecks.io style: the ping key in the URL is the credential. A ping is
 * acknowledged once its heartbeat event is on Kafka; it never waits on a database write.
 */
@Path("/ping/{pingKey}/{slug}")
@PermitAll
public class PingResource {

    public static final String HEARTBEAT_METRIC = "heartbeat";
    static final String SLUG = "[a-z0-9][a-z0-9._-]{0,99}";

    private final PingKeyService pingKeys;
    private final MetricPublisher publisher;
    private final CheckRegistry checks;

    public PingResource(PingKeyService pingKeys, MetricPublisher publisher, CheckRegistry checks) {
        this.pingKeys = pingKeys;
        this.publisher = publisher;
        this.checks = checks;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> get(@PathParam("pingKey") String pingKey,
            @PathParam("slug") @Pattern(regexp = SLUG, message = "must be 1-100 of a-z 0-9 . _ - (starting with a letter or digit)") String slug) {
        return ping(pingKey, slug);
    }

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> post(@PathParam("pingKey") String pingKey,
            @PathParam("slug") @Pattern(regexp = SLUG, message = "must be 1-100 of a-z 0-9 . _ - (starting with a letter or digit)") String slug) {
        return ping(pingKey, slug);
    }

    private Uni<String> ping(String pingKey, String slug) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return pingKeys.resolve(pingKey)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "Not Found",
                        "no ping key matches this URL", null))
                .chain(key -> publisher.publish(heartbeat(key, slug, now))
                        .onFailure().transform(e -> new ProblemException(503, "Service Unavailable",
                                "the heartbeat could not be recorded; retry", null))
                        .invoke(() -> checks.seen(key, slug, now)))
                .replaceWith("OK");
    }

    private static MetricEvent heartbeat(ResolvedKey key, String slug, Instant at) {
        Map<String, String> labels = new HashMap<>();
        labels.put("slug", slug);
        if (key.tenant() != null) {
            labels.put("tenant", key.tenant());
        }
        return new MetricEvent(HEARTBEAT_METRIC, MetricKind.HEARTBEAT, BigDecimal.ONE, null, labels, at);
    }
}
