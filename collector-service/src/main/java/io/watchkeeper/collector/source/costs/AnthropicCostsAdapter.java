package io.watchkeeper.collector.source.costs;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.ProviderHttp;
import io.watchkeeper.collector.source.adapter.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic cost report ({@code GET /v1/organizations/cost_report}, admin key, daily buckets, paginated).
 * Amounts are decimal strings in CENTS: "123.45" is $1.2345.
 */
@ApplicationScoped
public class AnthropicCostsAdapter implements BalanceAdapter {

    private static final BigDecimal CENTS = BigDecimal.valueOf(100);

    private final ProviderHttp http;
    private final Clock clock;

    @jakarta.inject.Inject
    public AnthropicCostsAdapter(ProviderHttp http) {
        this(http, Clock.systemUTC());
    }

    AnthropicCostsAdapter(ProviderHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return "anthropic_costs";
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.anthropic.com";
    }

    @Override
    public Uni<List<Reading>> poll(PollTarget target) {
        Instant now = clock.instant();
        String first = target.baseUrl() + "/v1/organizations/cost_report?starting_at="
                + java.net.URLEncoder.encode(
                        CostBuckets.monthStart(now).toString(), java.nio.charset.StandardCharsets.UTF_8)
                + "&bucket_width=1d";
        return CostBuckets.fetchAll(
                        http,
                        first,
                        Map.of("x-api-key", target.credential(), "anthropic-version", "2023-06-01"),
                        body -> {
                            List<CostBuckets.Bucket> buckets = new ArrayList<>();
                            for (JsonNode bucket : body.path("data")) {
                                Instant start = Instant.parse(ProviderHttp.require(
                                        bucket.get("starting_at"), "starting_at", JsonNode::asText));
                                for (JsonNode result : bucket.path("results")) {
                                    BigDecimal cents = ProviderHttp.require(
                                            result.get("amount"), "amount", v -> ProviderHttp.decimal(v, "amount"));
                                    buckets.add(new CostBuckets.Bucket(
                                            start,
                                            cents.divide(CENTS),
                                            result.path("currency").asText("USD")));
                                }
                            }
                            return buckets;
                        })
                .map(costs -> costs.readings(now, "USD"));
    }
}
