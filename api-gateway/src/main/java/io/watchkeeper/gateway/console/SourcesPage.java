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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

/**
 * Sources and heartbeats: each source's last value, last success and error, with "refresh now" (operator); each
 * heartbeat check's last signal and the ping URL to copy (the key itself is shown once, when an admin makes it).
 */
@Path("/console/sources")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class SourcesPage extends ConsolePage {

    /** One list and where it stands; {@code page} of the other list is kept in the links. */
    public record Listing(List<JsonObject> items, Paging paging) {
        static Listing of(JsonObject apiPage) {
            return new Listing(Queries.items(apiPage), Paging.of(apiPage));
        }
    }

    /** Which page of each list is showing: the query each list's links keep for the other. */
    public record At(int sources, int checks) {
        public String both() {
            return "sources=" + sources + "&checks=" + checks;
        }

        public String forSources() {
            return "checks=" + checks;
        }

        public String forChecks() {
            return "sources=" + sources;
        }
    }

    /** A ping key just made: its URL, shown this once. */
    public record NewKey(String name, String pingUrl) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance sources(
                ConsoleUser user, Listing sources, Listing checks, String pingBase, At at, Outcome outcome);

        static native TemplateInstance sources$sourceList(ConsoleUser user, Listing sources, At at, Outcome outcome);

        static native TemplateInstance sources$checkList(ConsoleUser user, Listing checks, String pingBase, At at);

        static native TemplateInstance pingKey(ConsoleUser user, NewKey key, Outcome outcome);
    }

    @Context
    UriInfo uri;

    @GET
    public Uni<TemplateInstance> page(@QueryParam("sources") int sourcePage, @QueryParam("checks") int checkPage) {
        ConsoleUser user = user();
        At at = new At(sourcePage, checkPage);
        return Uni.combine()
                .all()
                .unis(sources(sourcePage), checks(checkPage))
                .with((sources, checks) -> in(user, Templates.sources(user, sources, checks, pingBase(), at, null)));
    }

    @GET
    @Path("list")
    public Uni<TemplateInstance> sourceList(
            @QueryParam("sources") int sourcePage, @QueryParam("checks") int checkPage) {
        ConsoleUser user = user();
        return sources(sourcePage)
                .map(s -> in(user, Templates.sources$sourceList(user, s, new At(sourcePage, checkPage), null)));
    }

    @GET
    @Path("checks")
    public Uni<TemplateInstance> checkList(@QueryParam("sources") int sourcePage, @QueryParam("checks") int checkPage) {
        ConsoleUser user = user();
        return checks(checkPage)
                .map(c -> in(user, Templates.sources$checkList(user, c, pingBase(), new At(sourcePage, checkPage))));
    }

    /** Polls the source now (operator); answers the refreshed list with the outcome. */
    @POST
    @Path("{id}/refresh")
    public Uni<TemplateInstance> refresh(
            @PathParam("id") UUID id, @QueryParam("sources") int sourcePage, @QueryParam("checks") int checkPage) {
        ConsoleUser user = user();
        return Outcome.of("refresh", api().post("/api/v1/sources/" + id + "/refresh", null))
                .chain(outcome -> sources(sourcePage)
                        .map(s -> in(
                                user, Templates.sources$sourceList(user, s, new At(sourcePage, checkPage), outcome))));
    }

    /** Makes a ping key (admin) and shows its ping URL this once. */
    @POST
    @Path("ping-keys")
    public Uni<TemplateInstance> newPingKey(@jakarta.ws.rs.FormParam("name") String name) {
        ConsoleUser user = user();
        return api().post("/api/v1/ping-keys", new JsonObject().put("name", name))
                .map(created -> in(
                        user,
                        Templates.pingKey(
                                user,
                                new NewKey(created.getString("name"), pingBase() + created.getString("key") + "/"),
                                null)))
                .onFailure(ConsoleApi.Refused.class)
                .recoverWithItem(e -> in(user, Templates.pingKey(user, null, new Outcome("ping-key", e.getMessage()))));
    }

    private Uni<Listing> sources(int page) {
        return api().page("/api/v1/sources", page).map(Listing::of);
    }

    private Uni<Listing> checks(int page) {
        return api().page("/api/v1/heartbeats", page).map(Listing::of);
    }

    /** Where pings go: this gateway, as the browser reaches it. */
    private String pingBase() {
        return uri.getBaseUri().resolve("/ping/").toString();
    }
}
