package io.watchkeeper.collector.source.costs;

import io.watchkeeper.collector.source.adapter.Reading;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Daily cost buckets of a cost report, summed into today's spend and the month-to-date spend (UTC). */
record CostBuckets(List<Bucket> buckets) {

    record Bucket(Instant start, BigDecimal amount, String currency) {}

    static final int MAX_PAGES = 20;

    /** Follows {@code has_more}/{@code next_page} (as both OpenAI and Anthropic paginate) and reads every page. */
    static io.smallrye.mutiny.Uni<CostBuckets> fetchAll(
            io.watchkeeper.collector.source.adapter.ProviderHttp http,
            String firstUrl,
            java.util.Map<String, String> headers,
            java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, List<Bucket>> read) {
        return page(http, firstUrl, headers, read, new java.util.ArrayList<>(), 1)
                .map(CostBuckets::new);
    }

    private static io.smallrye.mutiny.Uni<List<Bucket>> page(
            io.watchkeeper.collector.source.adapter.ProviderHttp http,
            String url,
            java.util.Map<String, String> headers,
            java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, List<Bucket>> read,
            List<Bucket> acc,
            int n) {
        return http.getJson(url, headers).chain(body -> {
            acc.addAll(read.apply(body));
            String next = body.path("next_page").asText(null);
            if (!body.path("has_more").asBoolean(false) || next == null) {
                return io.smallrye.mutiny.Uni.createFrom().item(acc);
            }
            if (n >= MAX_PAGES) {
                throw new io.watchkeeper.collector.source.adapter.PollFailure(
                        io.watchkeeper.collector.source.adapter.PollFailure.Kind.BAD_RESPONSE,
                        "more than " + MAX_PAGES + " pages of costs");
            }
            String base = url.replaceAll("&page=[^&]*", "");
            return page(
                    http,
                    base + "&page=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8),
                    headers,
                    read,
                    acc,
                    n + 1);
        });
    }

    static Instant monthStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC)
                .withDayOfMonth(1)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    List<Reading> readings(Instant now, String defaultCurrency) {
        Instant today = LocalDate.ofInstant(now, ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        Instant month = monthStart(now);
        BigDecimal day = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        String currency = defaultCurrency;
        for (Bucket b : buckets) {
            if (!b.start().isBefore(month)) {
                total = total.add(b.amount());
                currency = b.currency();
            }
            if (b.start().equals(today)) {
                day = day.add(b.amount());
            }
        }
        return List.of(
                Reading.spend(Reading.SPEND_DAY, day, currency), Reading.spend(Reading.SPEND_MONTH, total, currency));
    }
}
