package io.watchkeeper.collector.source.costs;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.ProviderHttp;
import io.watchkeeper.collector.source.adapter.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * OpenAI organization costs ({@code GET /v1/organization/costs}, admin key, daily buckets, paginated with
 * {@code has_more}/{@code next_page}): today's spend and the month-to-date spend.
 */
@ApplicationScoped
public class OpenAiCostsAdapter implements BalanceAdapter {

    private final ProviderHttp http;
    private final Clock clock;

    @jakarta.inject.Inject
    public OpenAiCostsAdapter(ProviderHttp http) {
        this(http, Clock.systemUTC());
    }

    OpenAiCostsAdapter(ProviderHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return "openai_costs";
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.openai.com";
    }

    @Override
    public Uni<List<Reading>> poll(PollTarget target) {
        Instant now = clock.instant();
        String first = target.baseUrl() + "/v1/organization/costs?start_time="
                + CostBuckets.monthStart(now).getEpochSecond() + "&bucket_width=1d&limit=31";
        return CostBuckets.fetchAll(http, first, Map.of("Authorization", "Bearer " + target.credential()), body -> {
                    List<CostBuckets.Bucket> buckets = new ArrayList<>();
                    for (JsonNode bucket : body.path("data")) {
                        Instant start = Instant.ofEpochSecond(
                                ProviderHttp.require(bucket.get("start_time"), "start_time", JsonNode::asLong));
                        for (JsonNode result : bucket.path("results")) {
                            JsonNode amount = result.path("amount");
                            buckets.add(new CostBuckets.Bucket(
                                    start,
                                    ProviderHttp.require(
                                            amount.get("value"),
                                            "amount.value",
                                            v -> ProviderHttp.decimal(v, "amount.value")),
                                    amount.path("currency").asText("usd").toUpperCase(Locale.ROOT)));
                        }
                    }
                    return buckets;
                })
                .map(costs -> costs.readings(now, "USD"));
    }
}
