package io.watchkeeper.collector.source.generic;

import com.fasterxml.jackson.core.JsonPointer;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.ProviderHttp;
import io.watchkeeper.collector.source.adapter.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Any JSON-over-HTTP balance: GET the source's URL (base URL + optional {@code path}), read the number at
 * the JSON pointer {@code pointer}, in {@code currency}. The credential goes into {@code authHeader}
 * (default {@code Authorization}) with the prefix {@code authPrefix} (default {@code "Bearer "}).
 */
@ApplicationScoped
public class GenericJsonAdapter implements BalanceAdapter {

    private final ProviderHttp http;

    public GenericJsonAdapter(ProviderHttp http) {
        this.http = http;
    }

    @Override
    public String provider() {
        return "generic_json";
    }

    @Override
    public String defaultBaseUrl() {
        return null;
    }

    @Override
    public Map<String, String> validate(Map<String, String> settings, String baseUrl) {
        Map<String, String> problems = new HashMap<>();
        if (baseUrl == null || baseUrl.isBlank()) {
            problems.put("baseUrl", "is required for generic_json");
        }
        String pointer = settings.get("pointer");
        if (pointer == null || !pointer.startsWith("/")) {
            problems.put("settings.pointer", "must be a JSON pointer such as /data/balance");
        } else {
            try {
                JsonPointer.compile(pointer);
            } catch (IllegalArgumentException e) {
                problems.put("settings.pointer", "is not a JSON pointer: " + e.getMessage());
            }
        }
        String currency = settings.get("currency");
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            problems.put("settings.currency", "must be an ISO 4217 code such as USD");
        }
        return problems;
    }

    @Override
    public Uni<List<Reading>> poll(PollTarget target) {
        Map<String, String> s = target.settings();
        String url = target.baseUrl() + s.getOrDefault("path", "");
        Map<String, String> headers = new HashMap<>();
        headers.put(
                s.getOrDefault("authHeader", "Authorization"),
                s.getOrDefault("authPrefix", "Bearer ") + target.credential());
        return http.getJson(url, headers)
                .map(body -> List.of(Reading.balance(
                        ProviderHttp.require(
                                body.at(JsonPointer.compile(s.get("pointer"))),
                                s.get("pointer"),
                                n -> ProviderHttp.decimal(n, s.get("pointer"))),
                        s.get("currency"))));
    }
}
