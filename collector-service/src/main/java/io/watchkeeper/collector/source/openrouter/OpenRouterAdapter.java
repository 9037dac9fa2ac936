package io.watchkeeper.collector.source.openrouter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.ProviderHttp;
import io.watchkeeper.collector.source.adapter.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenRouter: {@code GET /api/v1/credits} (remaining = total_credits − total_usage, USD) and
 * {@code GET /api/v1/key} (the key's {@code limit_remaining}, when the key has a limit). The key's limit is extra: when
 * its call fails, the balance is still read (and the failure logged); only the credits call decides the poll.
 */
@ApplicationScoped
public class OpenRouterAdapter implements BalanceAdapter {

    public static final String KEY_LIMIT_REMAINING = "provider_key_limit_remaining";

    private final ProviderHttp http;

    public OpenRouterAdapter(ProviderHttp http) {
        this.http = http;
    }

    @Override
    public String provider() {
        return "openrouter";
    }

    @Override
    public String defaultBaseUrl() {
        return "https://openrouter.ai";
    }

    @Override
    public Uni<List<Reading>> poll(PollTarget target) {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + target.credential());
        Uni<JsonNode> keyLimit = http.getJson(target.baseUrl() + "/api/v1/key", auth)
                .onFailure()
                .recoverWithItem(e -> {
                    Log.warnf("OpenRouter key limit not read (the balance still is): %s", e.getMessage());
                    return MissingNode.getInstance();
                });
        return Uni.combine()
                .all()
                .unis(http.getJson(target.baseUrl() + "/api/v1/credits", auth), keyLimit)
                .with((credits, key) -> {
                    JsonNode data = ProviderHttp.require(credits.get("data"), "data", d -> d);
                    BigDecimal total = ProviderHttp.require(
                            data.get("total_credits"),
                            "data.total_credits",
                            n -> ProviderHttp.decimal(n, "total_credits"));
                    BigDecimal usage = ProviderHttp.require(
                            data.get("total_usage"), "data.total_usage", n -> ProviderHttp.decimal(n, "total_usage"));
                    List<Reading> readings = new ArrayList<>();
                    readings.add(Reading.balance(total.subtract(usage), "USD"));
                    JsonNode remaining = key.path("data").path("limit_remaining");
                    if (remaining.isNumber() || remaining.isTextual()) {
                        readings.add(new Reading(
                                KEY_LIMIT_REMAINING,
                                ProviderHttp.decimal(remaining, "limit_remaining"),
                                "USD",
                                Map.of()));
                    }
                    return readings;
                });
    }
}
