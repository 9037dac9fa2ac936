package io.watchkeeper.collector.source.poll;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.watchkeeper.collector.source.adapter.Reading;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The poller's meters: polls in flight, their duration and failures, adaptive polls, each source's last balance. */
@ApplicationScoped
public class PollMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, AtomicReference<BigDecimal>> balances = new ConcurrentHashMap<>();

    public PollMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("watchkeeper_collector_polls_in_flight", inFlight);
    }

    /** Polls started and not finished (the poller's slots in use). */
    AtomicInteger inFlight() {
        return inFlight;
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    /** A poll ended: {@code outcome} success or the failure's kind. */
    void polled(Timer.Sample sample, String provider, String outcome) {
        sample.stop(registry.timer(
                "watchkeeper_collector_poll_duration_seconds", "provider", provider, "outcome", outcome));
    }

    void failed(String provider) {
        registry.counter("watchkeeper_collector_poll_failures_total", "provider", provider)
                .increment();
    }

    /** The next poll comes sooner than the source's interval (the balance is falling fast). */
    void adaptive(String provider) {
        registry.counter("watchkeeper_collector_adaptive_polls_total", "provider", provider)
                .increment();
    }

    /** The current value per source, metric and currency (sources are bounded: one series each is fine). */
    void balance(String source, Reading r) {
        balances.computeIfAbsent(source + "\u0000" + r.metric() + "\u0000" + r.currency(), key -> {
                    AtomicReference<BigDecimal> value = new AtomicReference<>(r.value());
                    registry.gauge(
                            "watchkeeper_collector_balance",
                            List.of(
                                    Tag.of("source", source),
                                    Tag.of("metric", r.metric()),
                                    Tag.of("currency", r.currency())),
                            value,
                            v -> v.get().doubleValue());
                    return value;
                })
                .set(r.value());
    }
}
