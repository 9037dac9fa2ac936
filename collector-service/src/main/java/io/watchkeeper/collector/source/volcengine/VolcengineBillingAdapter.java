package io.watchkeeper.collector.source.volcengine;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.adapter.PollFailure;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.ProviderHttp;
import io.watchkeeper.collector.source.adapter.Reading;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.platform.cloud.VolcengineSigner;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Volcengine billing (service {@code billing}, version 2022-01-01): the account balance
 * ({@code QueryBalanceAcct}) and the month-to-date spend per sub-account (OwnerID) and per project from
 * {@code ListBillDetail} grouped by account — the consumed totals quotas are compared with. The credential is
 * {@code AK:SK}; bill calls keep to the documented 5 per second per account.
 */
@ApplicationScoped
public class VolcengineBillingAdapter implements BalanceAdapter {

    public static final String SPEND_SUB_ACCOUNT = "cloud_spend_month_to_date";
    static final String VERSION = "2022-01-01";
    static final Duration BILL_CALL_SPACING = Duration.ofMillis(200);
    static final int PAGE = 100;

    private final ProviderHttp http;
    private final Clock clock;
    /** When each account may make its next bill call. */
    private final Map<String, AtomicReference<Instant>> nextCall = new ConcurrentHashMap<>();

    @jakarta.inject.Inject
    public VolcengineBillingAdapter(ProviderHttp http) {
        this(http, Clock.systemUTC());
    }

    VolcengineBillingAdapter(ProviderHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String provider() {
        return "volcengine_billing";
    }

    @Override
    public String defaultBaseUrl() {
        return "https://open.volcengineapi.com";
    }

    @Override
    public Uni<List<Reading>> poll(PollTarget target) {
        String[] keys = target.credential().split(":", 2);
        if (keys.length != 2 || keys[0].isBlank() || keys[1].isBlank()) {
            return Uni.createFrom()
                    .failure(new PollFailure(PollFailure.Kind.BAD_REQUEST, "the credential must be AK:SK"));
        }
        String period = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)).toString();
        return call(target, keys, "GET", "QueryBalanceAcct", null)
                .chain(balance -> details(target, keys, period, 0, new ArrayList<>())
                        .map(items -> {
                            JsonNode result = balance.path("Result");
                            // every reading names the main account it belongs to
                            Map<String, String> account = result.hasNonNull("AccountID")
                                    ? Map.of("account", result.get("AccountID").asText())
                                    : Map.of();
                            List<Reading> readings = new ArrayList<>();
                            readings.add(new Reading(
                                    Reading.BALANCE,
                                    ProviderHttp.require(
                                            result.get("AvailableBalance"),
                                            "Result.AvailableBalance",
                                            n -> ProviderHttp.decimal(n, "AvailableBalance")),
                                    "CNY",
                                    account,
                                    MetricKind.BALANCE));
                            for (Reading r : spend(items, period)) {
                                Map<String, String> labels = new HashMap<>(r.labels());
                                labels.putAll(account);
                                readings.add(new Reading(r.metric(), r.value(), r.currency(), labels, r.kind()));
                            }
                            return readings;
                        }));
    }

    /** Month-to-date spend per sub-account and per (sub-account, project), in the bill's currency. */
    static List<Reading> spend(List<JsonNode> items, String period) {
        Map<String, BigDecimal> byAccount = new TreeMap<>();
        Map<List<String>, BigDecimal> byProject = new TreeMap<>(java.util.Comparator.comparing(Object::toString));
        String currency = "CNY";
        for (JsonNode item : items) {
            String owner = item.path("OwnerID").asText();
            String project = item.path("Project").asText("default");
            BigDecimal amount = ProviderHttp.require(
                    item.get("PayableAmount"), "PayableAmount", n -> ProviderHttp.decimal(n, "PayableAmount"));
            currency = item.path("Currency").asText(currency);
            byAccount.merge(owner, amount, BigDecimal::add);
            byProject.merge(List.of(owner, project.isBlank() ? "default" : project), amount, BigDecimal::add);
        }
        List<Reading> readings = new ArrayList<>();
        String c = currency;
        byAccount.forEach((owner, total) -> readings.add(new Reading(
                SPEND_SUB_ACCOUNT, total, c, Map.of("sub_account", owner, "bill_period", period), MetricKind.SPEND)));
        byProject.forEach((key, total) -> readings.add(new Reading(
                SPEND_SUB_ACCOUNT,
                total,
                c,
                Map.of("sub_account", key.get(0), "project", key.get(1), "bill_period", period),
                MetricKind.SPEND)));
        return readings;
    }

    private Uni<List<JsonNode>> details(
            PollTarget target, String[] keys, String period, int offset, List<JsonNode> acc) {
        JsonObject body = new JsonObject()
                .put("BillPeriod", period)
                .put("Limit", PAGE)
                .put("Offset", offset)
                .put("GroupTerm", 3)
                .put("NeedRecordNum", 1);
        return call(target, keys, "POST", "ListBillDetail", body).chain(page -> {
            JsonNode result = page.path("Result");
            result.path("List").forEach(acc::add);
            int total = result.path("Total").asInt(acc.size());
            int next = offset + PAGE;
            if (next >= total || result.path("List").isEmpty()) {
                return Uni.createFrom().item(acc);
            }
            return details(target, keys, period, next, acc);
        });
    }

    private Uni<JsonNode> call(PollTarget target, String[] keys, String method, String action, JsonObject body) {
        URI base = URI.create(target.baseUrl());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("Action", action);
        query.put("Version", VERSION);
        byte[] payload = body == null ? new byte[0] : body.encode().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Host", base.getPort() < 0 ? base.getHost() : base.getHost() + ":" + base.getPort());
        String region = target.settings().getOrDefault("region", "cn-beijing");
        String url = target.baseUrl() + "/?" + VolcengineSigner.canonicalQuery(query);
        return delayForRateLimit(keys[0])
                .chain(() -> {
                    Map<String, String> signed = VolcengineSigner.sign(
                            method, query, headers, payload, keys[0], keys[1], region, "billing", clock.instant());
                    signed.remove("Host");
                    var request = method.equals("GET") ? http.get(url) : http.post(url);
                    signed.forEach(request::putHeader);
                    return http.send(request.sendBuffer(io.vertx.mutiny.core.buffer.Buffer.buffer(payload)));
                })
                .map(VolcengineBillingAdapter::checkEnvelope);
    }

    /** An error in the envelope (ResponseMetadata.Error) is a failure even on HTTP 200. */
    static JsonNode checkEnvelope(JsonNode body) {
        JsonNode error = body.path("ResponseMetadata").path("Error");
        if (!error.isMissingNode() && !error.isNull() && error.has("Code")) {
            String code = error.path("Code").asText();
            PollFailure.Kind kind = code.contains("Signature")
                            || code.contains("AccessKey")
                            || code.contains("AccessDenied")
                            || code.contains("Authentication")
                    ? PollFailure.Kind.AUTH
                    : PollFailure.Kind.BAD_REQUEST;
            throw new PollFailure(kind, code + ": " + error.path("Message").asText());
        }
        return body;
    }

    /** Spaces bill calls of one account at least 200 ms apart (5 per second). */
    Uni<Void> delayForRateLimit(String accessKey) {
        AtomicReference<Instant> next = nextCall.computeIfAbsent(accessKey, k -> new AtomicReference<>(Instant.EPOCH));
        Instant now = Instant.now();
        Instant slot = next.updateAndGet(previous -> (previous.isAfter(now) ? previous : now).plus(BILL_CALL_SPACING))
                .minus(BILL_CALL_SPACING);
        Duration wait = Duration.between(now, slot);
        return wait.isNegative() || wait.isZero()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait);
    }
}
