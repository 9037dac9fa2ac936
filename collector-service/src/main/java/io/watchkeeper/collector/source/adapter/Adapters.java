package io.watchkeeper.collector.source.adapter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every adapter, by provider name. */
@ApplicationScoped
public class Adapters {

    private final Map<String, BalanceAdapter> byProvider = new TreeMap<>();

    public Adapters(Instance<BalanceAdapter> adapters) {
        adapters.forEach(a -> byProvider.put(a.provider(), a));
    }

    public Optional<BalanceAdapter> of(String provider) {
        return Optional.ofNullable(byProvider.get(provider));
    }

    public java.util.Set<String> providers() {
        return byProvider.keySet();
    }
}
