package io.watchkeeper.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The audit log (admin): every change made through the gateway, the console's own among them, newest first. */
@Path("/console/audit")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class AuditPage extends ConsolePage {

    /** Who and which path prefix to show. */
    public static class Filter {
        @QueryParam("who")
        public String who;

        @QueryParam("path")
        public String path;

        @QueryParam("page")
        public int page;

        public String query() {
            return Queries.of("who", who, "path", path);
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance audit(ConsoleUser user, Filter filter, List<JsonObject> entries, Paging paging);
    }

    @GET
    public Uni<TemplateInstance> page(@BeanParam Filter filter) {
        ConsoleUser user = user();
        return api().page("/api/v1/audit", filter.page, "who", filter.who, "path", filter.path)
                .map(p -> in(user, Templates.audit(user, filter, Queries.items(p), Paging.of(p))));
    }
}
