package io.watchkeeper.collector.source.deepseek;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.adapter.PollFailure;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.ProviderHttp;
import io.watchkeeper.collector.source.adapter.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** DeepSeek: {@code GET /user/balance}; one reading per currency; amounts are strings or numbers. */
@ApplicationScoped
public class DeepSeekAdapter implements BalanceAdapter {

    private final ProviderHttp http;

    public DeepSeekAdapter(ProviderHttp http) {
        this.http = http;
    }

    @Override
    public String provider() {
        return "deepseek";
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.deepseek.com";
    }

    @Override
    public Uni<List<Reading>> poll(PollTarget target) {
        return http.getJson(
                        target.baseUrl() + "/user/balance", Map.of("Authorization", "Bearer " + target.credential()))
                .map(body -> {
                    JsonNode infos = body.path("balance_infos");
                    if (!infos.isArray() || infos.isEmpty()) {
                        throw new PollFailure(PollFailure.Kind.BAD_RESPONSE, "answer has no balance_infos");
                    }
                    List<Reading> readings = new ArrayList<>();
                    for (JsonNode info : infos) {
                        String currency = ProviderHttp.require(info.get("currency"), "currency", JsonNode::asText);
                        readings.add(Reading.balance(
                                ProviderHttp.require(
                                        info.get("total_balance"),
                                        "total_balance",
                                        n -> ProviderHttp.decimal(n, "total_balance")),
                                currency));
                    }
                    return readings;
                });
    }
}
