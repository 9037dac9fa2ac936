package io.watchkeeper.collector.source.adapter;

import java.util.Map;

/** What an adapter needs for one poll: where, with which credential, and the provider-specific settings. */
public record PollTarget(String baseUrl, String credential, Map<String, String> settings) {

    public PollTarget {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
