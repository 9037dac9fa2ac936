package io.watchkeeper.gateway.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.watchkeeper.gateway.routing.ServiceRoutes;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One OpenAPI document for the whole API behind the gateway: each service's operations (the paths the gateway
 * routes to it) and the gateway's own, with their schemas. A schema name two services use for different shapes is
 * prefixed with the service's name. A service that cannot be reached is listed under {@code x-unavailable} and its
 * operations are missing until it is back.
 */
@Path("/openapi")
public class AggregatedOpenApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ServiceRoutes routes;
    private final WebClient client;

    public AggregatedOpenApi(ServiceRoutes routes, Vertx vertx) {
        this.routes = routes;
        this.client = WebClient.create(vertx);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    private record Part(String service, JsonNode document) {}

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<String> document(@Context UriInfo uri) {
        List<Uni<Part>> parts = new ArrayList<>();
        parts.add(fetch("gateway", uri.getBaseUri()));
        routes.services().forEach(s -> parts.add(fetch(s.name(), s.url())));
        return Multi.createFrom()
                .iterable(parts)
                .onItem()
                .transformToUniAndConcatenate(p -> p)
                .collect()
                .asList()
                .map(this::merge);
    }

    private Uni<Part> fetch(String service, URI base) {
        return client.getAbs(base.resolve("/q/openapi").toString())
                .addQueryParam("format", "json")
                .timeout(TIMEOUT.toMillis())
                .send()
                .map(r -> new Part(service, r.statusCode() == 200 ? read(r.bodyAsString()) : null))
                .onFailure()
                .recoverWithItem(new Part(service, null));
    }

    private String merge(List<Part> parts) {
        ObjectNode merged = JSON.createObjectNode().put("openapi", "3.0.3");
        merged.putObject("info")
                .put("title", "Watchkeeper API")
                .put("version", "0.1.0")
                .put(
                        "description",
                        "Every operation behind the gateway (port 8080). Bearer tokens of the OIDC provider.");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        ObjectNode security = components.putObject("securitySchemes");
        ArrayNode unavailable = JSON.createArrayNode();
        for (Part part : parts) {
            if (part.document() == null) {
                unavailable.add(part.service());
                continue;
            }
            // a schema name already taken by another shape becomes "<service>.<name>", its references with it
            Map<String, String> names = new java.util.HashMap<>();
            String text = part.document().toString();
            for (Map.Entry<String, JsonNode> schema :
                    iterable(part.document().path("components").path("schemas"))) {
                JsonNode taken = schemas.get(schema.getKey());
                String name = taken == null || taken.equals(schema.getValue())
                        ? schema.getKey()
                        : part.service() + "." + schema.getKey();
                names.put(schema.getKey(), name);
                text = text.replace(
                        "\"#/components/schemas/" + schema.getKey() + "\"", "\"#/components/schemas/" + name + "\"");
            }
            JsonNode document = read(text);
            names.forEach((original, name) -> schemas.set(
                    name, document.path("components").path("schemas").path(original)));
            iterable(document.path("components").path("securitySchemes"))
                    .forEach(s -> security.set(s.getKey(), s.getValue()));
            for (Map.Entry<String, JsonNode> path : iterable(document.path("paths"))) {
                String owner =
                        routes.route(path.getKey()).map(r -> r.service().name()).orElse("gateway");
                if (owner.equals(part.service())) {
                    paths.set(path.getKey(), path.getValue());
                }
            }
        }
        if (!unavailable.isEmpty()) {
            merged.set("x-unavailable", unavailable);
        }
        return merged.toString();
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
