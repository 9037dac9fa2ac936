package io.watchkeeper.collector.source.adapter;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/** One provider's API, spoken exactly as the provider documents it (EXTERNAL-APIS.md). */
public interface BalanceAdapter {

    /** The provider name used in sources and labels ({@code openrouter}). */
    String provider();

    /** The vendor's base URL, used when a source names none; null when a source must name one. */
    String defaultBaseUrl();

    /** Checks provider-specific settings; returns field → problem (empty when valid). */
    default Map<String, String> validate(Map<String, String> settings, String baseUrl) {
        return Map.of();
    }

    /** The readings of one poll, or a failed Uni carrying a {@link PollFailure}. */
    Uni<List<Reading>> poll(PollTarget target);
}
