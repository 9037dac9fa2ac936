package io.watchkeeper.collector.source.moonshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.adapter.PollFailure;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.ProviderHttp;
import io.watchkeeper.collector.source.adapter.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Moonshot (Kimi): {@code GET /v1/users/me/balance}, {@code data.available_balance}. CNY on api.moonshot.cn;
 * the currency of api.moonshot.ai is not documented (USD assumed), so a source may set {@code currency}.
 */
@ApplicationScoped
public class MoonshotAdapter implements BalanceAdapter {

    private final ProviderHttp http;

    public MoonshotAdapter(ProviderHttp http) {
        this.http = http;
    }

    @Override
    public String provider() {
        return "moonshot";
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.moonshot.cn";
    }

    @Override
    public Uni<List<Reading>> poll(PollTarget target) {
        String currency =
                target.settings().getOrDefault("currency", target.baseUrl().contains("moonshot.ai") ? "USD" : "CNY");
        return http.getJson(
                        target.baseUrl() + "/v1/users/me/balance",
                        Map.of("Authorization", "Bearer " + target.credential()))
                .map(body -> {
                    if (body.has("code") && body.path("code").asInt(-1) != 0) {
                        throw new PollFailure(
                                PollFailure.Kind.BAD_RESPONSE,
                                "code " + body.path("code").asText() + ": "
                                        + body.path("message")
                                                .asText(body.path("scode").asText()));
                    }
                    JsonNode available = body.path("data").path("available_balance");
                    return List.of(Reading.balance(
                            ProviderHttp.require(
                                    available,
                                    "data.available_balance",
                                    n -> ProviderHttp.decimal(n, "available_balance")),
                            currency));
                });
    }
}
