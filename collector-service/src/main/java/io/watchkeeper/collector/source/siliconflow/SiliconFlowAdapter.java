package io.watchkeeper.collector.source.siliconflow;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.adapter.PollFailure;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.ProviderHttp;
import io.watchkeeper.collector.source.adapter.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** SiliconFlow: {@code GET /v1/user/info}, {@code data.totalBalance} (a string), CNY; {@code code} 20000 = OK. */
@ApplicationScoped
public class SiliconFlowAdapter implements BalanceAdapter {

    private final ProviderHttp http;

    public SiliconFlowAdapter(ProviderHttp http) {
        this.http = http;
    }

    @Override
    public String provider() {
        return "siliconflow";
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.siliconflow.cn";
    }

    @Override
    public Uni<List<Reading>> poll(PollTarget target) {
        return http.getJson(
                        target.baseUrl() + "/v1/user/info", Map.of("Authorization", "Bearer " + target.credential()))
                .map(body -> {
                    if (body.has("code") && body.path("code").asInt(-1) != 20000) {
                        throw new PollFailure(
                                PollFailure.Kind.BAD_RESPONSE,
                                "code " + body.path("code").asText() + ": "
                                        + body.path("message").asText());
                    }
                    return List.of(Reading.balance(
                            ProviderHttp.require(
                                    body.path("data").get("totalBalance"),
                                    "data.totalBalance",
                                    n -> ProviderHttp.decimal(n, "totalBalance")),
                            "CNY"));
                });
    }
}
