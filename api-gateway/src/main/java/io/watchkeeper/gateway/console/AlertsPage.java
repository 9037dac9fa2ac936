package io.watchkeeper.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Alerts: a filtered, paged list that refreshes itself, and one alert with its history, the actions taken and its
 * deliveries, where an operator acknowledges, resolves, ignores or handles it (runs its remediation).
 */
@Path("/console/alerts")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AlertsPage extends ConsolePage {

    /** What the operator may do to an alert, and the API call that does it. */
    static final Map<String, String> ACTIONS =
            Map.of("ack", "/ack", "resolve", "/resolve", "ignore", "/ignore", "handle", "/handle");

    /** The list's filter, as the query of the page, its fragment and its paging links. */
    public static class Filter {
        @QueryParam("status")
        public String status;

        @QueryParam("severity")
        public String severity;

        @QueryParam("type")
        public String type;

        @QueryParam("tenant")
        public String tenant;

        @QueryParam("page")
        public int page;

        /** The filter as a query string (without the page). */
        public String query() {
            return Queries.of("status", status, "severity", severity, "type", type, "tenant", tenant);
        }
    }

    /** One alert, as the detail shows it; {@code outcome}: what the person just did, if anything. */
    public record Detail(JsonObject alert, List<JsonObject> deliveries, Map<String, String> channels, Outcome outcome) {

        /** A delivery's channel by its name (its id when the channel is gone or unknown). */
        public String channelName(String id) {
            return channels.getOrDefault(id, id);
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance alerts(ConsoleUser user, Filter filter, List<JsonObject> alerts, Paging paging);

        static native TemplateInstance alerts$list(
                ConsoleUser user, Filter filter, List<JsonObject> alerts, Paging paging);

        static native TemplateInstance alert(ConsoleUser user, Detail d);

        static native TemplateInstance alert$state(ConsoleUser user, Detail d);
    }

    @GET
    public Uni<TemplateInstance> page(@BeanParam Filter filter) {
        ConsoleUser user = user();
        return list(filter).map(page -> in(user, Templates.alerts(user, filter, Queries.items(page), Paging.of(page))));
    }

    @GET
    @Path("list")
    public Uni<TemplateInstance> listPart(@BeanParam Filter filter) {
        ConsoleUser user = user();
        return list(filter)
                .map(page -> in(user, Templates.alerts$list(user, filter, Queries.items(page), Paging.of(page))));
    }

    @GET
    @Path("{id}")
    public Uni<TemplateInstance> detail(@PathParam("id") UUID id) {
        ConsoleUser user = user();
        return load(id, null).map(d -> in(user, Templates.alert(user, d)));
    }

    /** The part of the detail that changes: state, controls, history, deliveries (htmx polls it). */
    @GET
    @Path("{id}/state")
    public Uni<TemplateInstance> state(@PathParam("id") UUID id) {
        ConsoleUser user = user();
        return load(id, null).map(d -> in(user, Templates.alert$state(user, d)));
    }

    /** Acknowledge, resolve, ignore or handle; answers the refreshed state with the outcome (the API's refusal too). */
    @POST
    @Path("{id}/{action}")
    public Uni<TemplateInstance> act(@PathParam("id") UUID id, @PathParam("action") String action) {
        ConsoleUser user = user();
        String call = ACTIONS.get(action);
        if (call == null) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        // handling runs the remediations whose matchers fit the alert (the answer lists the runs): none is worth saying
        return Outcome.of(
                        action,
                        api().post("/api/v1/alerts/" + id + call, null),
                        answer -> "handle".equals(action)
                                        && answer.getJsonArray("items", new io.vertx.core.json.JsonArray())
                                                .isEmpty()
                                ? "handle-none"
                                : action)
                .chain(outcome -> load(id, outcome))
                .map(d -> in(user, Templates.alert$state(user, d)));
    }

    private static Map<String, String> names(JsonObject channels) {
        Map<String, String> names = new java.util.HashMap<>();
        Queries.items(channels).forEach(c -> names.put(c.getString("id"), c.getString("name")));
        return names;
    }

    private Uni<JsonObject> list(Filter f) {
        return api().page(
                        "/api/v1/alerts",
                        f.page,
                        "status",
                        f.status,
                        "severity",
                        f.severity,
                        "type",
                        f.type,
                        "tenant",
                        f.tenant);
    }

    private Uni<Detail> load(UUID id, Outcome outcome) {
        ConsoleApi.Caller api = api();
        return Uni.combine()
                .all()
                .unis(
                        api.get("/api/v1/alerts/" + id),
                        api.get("/api/v1/deliveries", "alertId", id.toString(), "size", String.valueOf(Paging.SIZE))
                                .onFailure()
                                .recoverWithNull(),
                        api.get("/api/v1/channels", "size", "500")
                                .map(AlertsPage::names)
                                .onFailure()
                                .recoverWithItem(Map.of()))
                .with((alert, deliveries, channels) ->
                        new Detail(alert, deliveries == null ? null : Queries.items(deliveries), channels, outcome));
    }
}
