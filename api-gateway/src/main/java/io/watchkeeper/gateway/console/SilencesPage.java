package io.watchkeeper.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Silences: the list (active, pending or expired) with "expire now" (operator), and a new silence made from an alert's
 * labels — the person keeps the labels that describe what to silence, picks how long and says why.
 */
@Path("/console/silences")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class SilencesPage extends ConsolePage {

    /** How long a new silence may last, as offered. */
    static final List<String> DURATIONS = List.of("1h", "4h", "1d", "7d");
    /** Labels an alert carries that describe one firing rather than what fires: unticked at first. */
    static final List<String> VOLATILE = List.of("alertname", "priority");

    /** A new silence's form: the alert it starts from, its labels (name → value) and what went wrong last time. */
    public record Draft(JsonObject alert, Map<String, String> labels, Outcome outcome) {
        public boolean ticked(String label) {
            return !VOLATILE.contains(label);
        }
    }

    /** A page of silences in one state (null: any). */
    public record Listing(String state, List<JsonObject> items, Paging paging) {
        static Listing of(String state, JsonObject apiPage) {
            return new Listing(state, Queries.items(apiPage), Paging.of(apiPage));
        }

        /** The filter as a query string, for the list's links. */
        public String query() {
            return Queries.of("state", state);
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance silences(ConsoleUser user, Listing silences, Outcome outcome);

        static native TemplateInstance silences$list(ConsoleUser user, Listing silences, Outcome outcome);

        static native TemplateInstance silence(ConsoleUser user, Draft draft, List<String> durations);
    }

    @GET
    public Uni<TemplateInstance> page(@QueryParam("state") String state, @QueryParam("page") int page) {
        ConsoleUser user = user();
        return list(state, page).map(l -> in(user, Templates.silences(user, l, null)));
    }

    @GET
    @Path("list")
    public Uni<TemplateInstance> listPart(@QueryParam("state") String state, @QueryParam("page") int page) {
        ConsoleUser user = user();
        return list(state, page).map(l -> in(user, Templates.silences$list(user, l, null)));
    }

    /** Ends a silence now (operator); answers the refreshed list with the outcome. */
    @POST
    @Path("{id}/expire")
    public Uni<TemplateInstance> expire(
            @PathParam("id") UUID id, @QueryParam("state") String state, @QueryParam("page") int page) {
        ConsoleUser user = user();
        return Outcome.of("expire", api().post("/api/v1/silences/" + id + "/expire", null))
                .chain(outcome -> list(state, page).map(l -> in(user, Templates.silences$list(user, l, outcome))));
    }

    /** The form for a silence like {@code alert}: its labels as matchers to keep or drop. */
    @GET
    @Path("new")
    public Uni<TemplateInstance> draft(@QueryParam("alert") UUID alertId) {
        ConsoleUser user = user();
        return api().get("/api/v1/alerts/" + alertId)
                .map(alert -> in(user, Templates.silence(user, draft(alert, null), DURATIONS)));
    }

    /**
     * Creates the silence (operator): the ticked labels as {@code =} matchers, from now for the chosen time. Done, the
     * browser goes to the list; refused, the form shows why.
     */
    @POST
    @Path("new")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> create(@QueryParam("alert") UUID alertId, MultivaluedMap<String, String> form) {
        ConsoleUser user = user();
        JsonArray matchers = new JsonArray();
        form.getOrDefault("label", List.of()).forEach(label -> {
            String value = form.getFirst("value." + label);
            if (value != null) {
                matchers.add(new JsonObject().put("label", label).put("op", "=").put("value", value));
            }
        });
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonObject silence = new JsonObject()
                .put("matchers", matchers)
                .put("startsAt", now.toString())
                .put("endsAt", now.plus(duration(form.getFirst("duration"))).toString())
                .put("comment", form.getFirst("comment"));
        return api().post("/api/v1/silences", silence)
                .map(created -> Response.ok()
                        .header("HX-Redirect", "/console/silences?state=active")
                        .build())
                .onFailure(ConsoleApi.Refused.class)
                .recoverWithUni(
                        refused -> api().get("/api/v1/alerts/" + alertId).map(alert -> Response.ok(in(
                                                user,
                                                Templates.silence(
                                                        user,
                                                        draft(alert, new Outcome("silence", refused.getMessage())),
                                                        DURATIONS))
                                        .render())
                                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                                .build()));
    }

    private static Draft draft(JsonObject alert, Outcome outcome) {
        Map<String, String> labels = new TreeMap<>();
        alert.getJsonObject("labels", new JsonObject())
                .forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
        return new Draft(alert, labels, outcome);
    }

    private static Duration duration(String choice) {
        String chosen = DURATIONS.contains(choice) ? choice : DURATIONS.get(0);
        long amount = Long.parseLong(chosen.substring(0, chosen.length() - 1));
        return chosen.endsWith("h") ? Duration.ofHours(amount) : Duration.ofDays(amount);
    }

    private Uni<Listing> list(String state, int page) {
        return api().page("/api/v1/silences", page, "state", state).map(p -> Listing.of(state, p));
    }
}
