package io.watchkeeper.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/** Channels: where alerts go, and a test message to any of them (operator) with what the far side answered. */
@Path("/console/channels")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class ChannelsPage extends ConsolePage {

    /** The test just sent: to which channel, and what came of it ({@code delivered}, {@code error}). */
    public record Tested(String channelId, JsonObject result, Outcome outcome) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance channels(ConsoleUser user, List<JsonObject> channels, Paging paging);

        static native TemplateInstance testResult(ConsoleUser user, Tested tested);
    }

    @GET
    public Uni<TemplateInstance> page(@QueryParam("page") int page) {
        ConsoleUser user = user();
        return api().page("/api/v1/channels", page)
                .map(p -> in(user, Templates.channels(user, Queries.items(p), Paging.of(p))));
    }

    /** Sends the channel's test message now; answers what the channel said. */
    @POST
    @Path("{id}/test")
    public Uni<TemplateInstance> test(@PathParam("id") UUID id) {
        ConsoleUser user = user();
        return api().post("/api/v1/channels/" + id + "/test", null)
                .map(result -> new Tested(id.toString(), result, null))
                .onFailure(ConsoleApi.Refused.class)
                .recoverWithItem(e -> new Tested(id.toString(), null, new Outcome("test", e.getMessage())))
                .map(tested -> in(user, Templates.testResult(user, tested)));
    }
}
