package io.watchkeeper.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/**
 * Quotas: every quota as a usage bar with its steps; one quota with its steps, its periods (a periodic quota) and
 * its ledger, where an admin allocates (or deducts) — the ledger's refusal of an underflow is shown in its words.
 */
@Path("/console/quotas")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class QuotasPage extends ConsolePage {

    /**
     * One quota: {@code ledger} its entries, newest first; {@code formKey} the idempotency key of the allocation form
     * (a double click or a retried post allocates once).
     */
    public record Detail(JsonObject quota, List<JsonObject> ledger, Paging paging, String formKey, Outcome outcome) {

        /** This quota's page, for the ledger's paging links. */
        public String base() {
            return "/console/quotas/" + quota.getString("id");
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance quotas(ConsoleUser user, List<JsonObject> quotas, Paging paging);

        static native TemplateInstance quotas$list(ConsoleUser user, List<JsonObject> quotas, Paging paging);

        static native TemplateInstance quota(ConsoleUser user, Detail d);

        static native TemplateInstance quota$live(ConsoleUser user, Detail d);
    }

    @GET
    public Uni<TemplateInstance> page(@QueryParam("page") int page) {
        ConsoleUser user = user();
        return list(page).map(p -> in(user, Templates.quotas(user, Queries.items(p), Paging.of(p))));
    }

    @GET
    @Path("list")
    public Uni<TemplateInstance> listPart(@QueryParam("page") int page) {
        ConsoleUser user = user();
        return list(page).map(p -> in(user, Templates.quotas$list(user, Queries.items(p), Paging.of(p))));
    }

    @GET
    @Path("{id}")
    public Uni<TemplateInstance> detail(@PathParam("id") String id, @QueryParam("page") int page) {
        ConsoleUser user = user();
        return load(id, page, null).map(d -> in(user, Templates.quota(user, d)));
    }

    @GET
    @Path("{id}/live")
    public Uni<TemplateInstance> live(@PathParam("id") String id, @QueryParam("page") int page) {
        ConsoleUser user = user();
        return load(id, page, null).map(d -> in(user, Templates.quota$live(user, d)));
    }

    /** Allocates {@code amount} (negative: deducts) with a note (admin); answers the refreshed quota with the outcome. */
    @POST
    @Path("{id}/allocations")
    public Uni<TemplateInstance> allocate(
            @PathParam("id") String id,
            @FormParam("amount") String amount,
            @FormParam("note") String note,
            @FormParam("key") String key) {
        ConsoleUser user = user();
        // as typed: what is not an amount, the API refuses in its own words
        JsonObject body = new JsonObject()
                .put("amount", amount == null ? null : amount.trim())
                .put("note", note);
        return Outcome.of("allocate", api().post("/api/v1/quotas/" + id + "/allocations", body, key))
                .chain(o -> load(id, 0, o))
                .map(d -> in(user, Templates.quota$live(user, d)));
    }

    private Uni<JsonObject> list(int page) {
        return api().page("/api/v1/quotas", page);
    }

    private Uni<Detail> load(String id, int page, Outcome outcome) {
        ConsoleApi.Caller api = api();
        return Uni.combine()
                .all()
                .unis(api.get("/api/v1/quotas/" + id), api.page("/api/v1/quotas/" + id + "/allocations", page))
                .with((quota, ledger) -> new Detail(
                        quota,
                        Queries.items(ledger),
                        Paging.of(ledger),
                        UUID.randomUUID().toString(),
                        outcome));
    }
}
