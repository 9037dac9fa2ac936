package io.watchkeeper.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The overview: open alerts by severity, balances with their trend and forecast, quota usage with its steps, delivery
 * failures of the last 24 h and each service's health. A part whose service does not answer says so; the rest shows.
 */
@Path("/console")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class OverviewPage extends ConsolePage {

    /** Sources drawn on the overview (the sources page lists them all). */
    static final int BALANCES_SHOWN = 12;

    static final int HISTORY_POINTS = 200;

    /** One source's balance, its trend over the last 7 days and, when the evaluator forecasts one, its depletion. */
    public record Balance(
            String id,
            String name,
            String provider,
            BigDecimal value,
            String currency,
            Sparkline trend,
            String depletesAt,
            Object lastSuccessAt,
            String lastError) {}

    /** What the live part shows; a null part: its service did not answer. */
    public record Overview(
            Map<String, Long> firing,
            Long acknowledged,
            List<Balance> balances,
            List<JsonObject> quotas,
            JsonObject failures,
            List<JsonObject> health) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance overview(ConsoleUser user, Overview o);

        static native TemplateInstance overview$live(ConsoleUser user, Overview o);
    }

    @GET
    public Uni<TemplateInstance> page() {
        ConsoleUser user = user();
        return load().map(o -> in(user, Templates.overview(user, o)));
    }

    /** The part that refreshes itself (htmx polls it). */
    @GET
    @Path("overview/live")
    public Uni<TemplateInstance> live() {
        ConsoleUser user = user();
        return load().map(o -> in(user, Templates.overview$live(user, o)));
    }

    private Uni<Overview> load() {
        ConsoleApi.Caller api = api();
        return Uni.combine()
                .all()
                .unis(
                        firing(api),
                        count(api, "status", "acknowledged"),
                        balances(api),
                        api.get("/api/v1/quotas", "size", "50")
                                .map(Queries::items)
                                .onFailure()
                                .recoverWithNull(),
                        api.get("/api/v1/deliveries", "status", "failed", "from", since24h(), "size", "5")
                                .onFailure()
                                .recoverWithNull(),
                        api.getArray("/api/v1/service-health")
                                .map(Queries::objects)
                                .onFailure()
                                .recoverWithNull())
                .with(Overview::new);
    }

    private static Uni<Map<String, Long>> firing(ConsoleApi.Caller api) {
        List<Uni<Long>> counts = ConsoleChoices.severities.stream()
                .map(s -> count(api, "status", "firing", "severity", s))
                .toList();
        return Uni.join().all(counts).andFailFast().map(totals -> {
            Map<String, Long> bySeverity = new LinkedHashMap<>();
            for (int i = 0; i < ConsoleChoices.severities.size(); i++) {
                if (totals.get(i) == null) {
                    return null;
                }
                bySeverity.put(ConsoleChoices.severities.get(i), totals.get(i));
            }
            return bySeverity;
        });
    }

    private static Uni<Long> count(ConsoleApi.Caller api, String... filter) {
        String[] query = new String[filter.length + 2];
        System.arraycopy(filter, 0, query, 0, filter.length);
        query[filter.length] = "size";
        query[filter.length + 1] = "1";
        return api.get("/api/v1/alerts", query)
                .map(p -> p.getLong("total"))
                .onFailure()
                .recoverWithNull();
    }

    private static Uni<List<Balance>> balances(ConsoleApi.Caller api) {
        Uni<Map<String, String>> forecasts = api.get(
                        "/api/v1/alerts", "type", "forecast", "status", "firing", "size", "200")
                .map(OverviewPage::depletionBySource)
                .onFailure()
                .recoverWithItem(Map.of());
        return api.get("/api/v1/sources", "size", String.valueOf(BALANCES_SHOWN))
                .chain(sources -> forecasts.chain(depletes -> {
                    List<Uni<Balance>> each = new ArrayList<>();
                    for (Object o : sources.getJsonArray("items")) {
                        each.add(balance(api, (JsonObject) o, depletes));
                    }
                    return each.isEmpty()
                            ? Uni.createFrom().item(List.<Balance>of())
                            : Uni.join().all(each).andFailFast();
                }))
                .onFailure()
                .recoverWithNull();
    }

    private static Uni<Balance> balance(ConsoleApi.Caller api, JsonObject source, Map<String, String> depletes) {
        String id = source.getString("id");
        JsonArray readings = source.getJsonArray("lastReadings", new JsonArray());
        String metric = readings.isEmpty() ? null : readings.getJsonObject(0).getString("metric");
        return api.get("/api/v1/sources/" + id + "/history", "size", String.valueOf(HISTORY_POINTS))
                .map(history -> {
                    List<BigDecimal> values = new ArrayList<>();
                    for (Object o : history.getJsonArray("items")) { // newest first
                        JsonObject h = (JsonObject) o;
                        if (metric == null || metric.equals(h.getString("metric"))) {
                            values.add(ConsoleFormats.decimal(h.getValue("value")));
                        }
                    }
                    Collections.reverse(values);
                    return Sparkline.of(values);
                })
                .onFailure()
                .recoverWithItem(Sparkline.of(List.of()))
                .map(trend -> new Balance(
                        id,
                        source.getString("name"),
                        source.getString("provider"),
                        ConsoleFormats.decimal(source.getValue("lastValue")),
                        source.getString("currency"),
                        trend,
                        depletes.get(source.getString("name")),
                        source.getValue("lastSuccessAt"),
                        source.getString("lastError")));
    }

    /** The evaluator's firing forecasts: when each source (its {@code source} label) is expected to run out. */
    static Map<String, String> depletionBySource(JsonObject alerts) {
        Map<String, String> bySource = new HashMap<>();
        for (Object o : alerts.getJsonArray("items")) {
            JsonObject alert = (JsonObject) o;
            String source = alert.getJsonObject("labels", new JsonObject()).getString("source");
            String at = alert.getJsonObject("annotations", new JsonObject()).getString("depletesAt");
            if (source != null && at != null) {
                bySource.merge(source, at, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
        return bySource;
    }

    private static String since24h() {
        return Instant.now()
                .minus(24, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }
}
