package io.watchkeeper.collector.source.poll;

import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.watchkeeper.collector.CollectorConfig;
import io.watchkeeper.collector.metric.MetricPublisher;
import io.watchkeeper.collector.source.SourceRepository;
import io.watchkeeper.collector.source.SourceRepository.Due;
import io.watchkeeper.collector.source.adapter.Adapters;
import io.watchkeeper.collector.source.adapter.BalanceAdapter;
import io.watchkeeper.collector.source.adapter.PollFailure;
import io.watchkeeper.collector.source.adapter.PollTarget;
import io.watchkeeper.collector.source.adapter.Reading;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.platform.crypto.SecretBox;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.platform.kafka.SerialPasses;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Polls due sources with bounded concurrency: each is claimed ({@link SourceRepository#claimDue}, so two instances
 * never poll it twice), polled through its provider's guard, its readings published on {@code wk.metrics.v1}, and the
 * outcome recorded; the next poll comes sooner while a balance falls fast ({@link AdaptiveInterval}).
 */
@ApplicationScoped
public class Poller {

    public static final String FAILING_METRIC = "collector_source_failing";
    private static final int CLAIM_LIMIT = 1000;

    private final Adapters adapters;
    private final ProviderGuards guards;
    private final SourceRepository sources;
    private final SecretBox secrets;
    private final MetricPublisher publisher;
    private final PollMetrics metrics;
    private final SerialPasses passes;
    private final BackgroundWork background;
    private final int concurrency;
    private final int failingAfter;
    private final AdaptiveInterval adaptive;
    private final Duration lease;

    public Poller(
            Adapters adapters,
            ProviderGuards guards,
            SourceRepository sources,
            SecretBox secrets,
            MetricPublisher publisher,
            PollMetrics metrics,
            BackgroundWork background,
            CollectorConfig config) {
        CollectorConfig.Poll poll = config.poll();
        this.adapters = adapters;
        this.guards = guards;
        this.sources = sources;
        this.secrets = secrets;
        this.publisher = publisher;
        this.metrics = metrics;
        this.concurrency = poll.concurrency();
        this.failingAfter = poll.failingAfter();
        this.adaptive =
                new AdaptiveInterval(poll.adaptive().dropPct(), poll.adaptive().factor(), poll.minInterval());
        // a claim outlives every attempt of one poll; a crashed poller's sources come back after it
        this.lease = poll.timeout().multipliedBy(poll.retries() + 2L).plusSeconds(30);
        this.background = background;
        this.passes = new SerialPasses("poller", background, this::pass);
    }

    /** Looks for due sources now (after a create or refresh); passes never overlap. */
    public void wake() {
        passes.request();
    }

    @Scheduled(
            every = "${watchkeeper.collector.poll.tick}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        wake();
    }

    /**
     * Claims as many due sources as there are free poll slots and starts their polls without waiting for
     * them: a slow poll holds its own slot, never the claiming of other sources. Each finished poll asks
     * for another pass.
     */
    private Uni<Boolean> pass() {
        AtomicInteger inFlight = metrics.inFlight();
        int free = concurrency - inFlight.get();
        if (free <= 0) {
            return Uni.createFrom().item(false);
        }
        return sources.claimDue(Math.min(free, CLAIM_LIMIT), lease).map(due -> {
            for (Due source : due) {
                inFlight.incrementAndGet();
                background.run(() -> pollOne(source).eventually(() -> {
                    inFlight.decrementAndGet();
                    passes.request();
                }));
            }
            return due.size() == free;
        });
    }

    private Uni<Void> pollOne(Due source) {
        BalanceAdapter adapter = adapters.of(source.provider()).orElse(null);
        if (adapter == null) {
            return recordFailure(
                    source, new PollFailure(PollFailure.Kind.BAD_REQUEST, "no adapter for " + source.provider()));
        }
        String baseUrl = source.baseUrl() != null ? source.baseUrl() : adapter.defaultBaseUrl();
        PollTarget target = new PollTarget(stripSlash(baseUrl), secrets.open(source.credential()), source.settings());
        Timer.Sample sample = metrics.start();
        return guards.call(source.provider(), () -> adapter.poll(target))
                .onFailure()
                .transform(Poller::typed)
                .chain(readings -> publish(source, readings).replaceWith(readings))
                .onItemOrFailure()
                .transformToUni((readings, failure) -> {
                    String outcome = failure == null
                            ? "success"
                            : failure instanceof PollFailure p
                                    ? p.kind().name().toLowerCase(Locale.ROOT)
                                    : "publish_failed";
                    metrics.polled(sample, source.provider(), outcome);
                    return failure == null ? recordSuccess(source, readings) : recordFailure(source, failure);
                })
                .onFailure()
                .recoverWithItem(e -> {
                    Log.errorf("recording the poll of source %s failed: %s", source.name(), e.getMessage());
                    return null;
                });
    }

    private Uni<Void> publish(Due source, List<Reading> readings) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Multi.createFrom()
                .iterable(readings)
                .onItem()
                .transformToUniAndConcatenate(r -> {
                    Map<String, String> labels = baseLabels(source);
                    labels.put("currency", r.currency());
                    labels.putAll(r.labels());
                    metrics.balance(source.name(), r);
                    return publisher.publish(
                            new MetricEvent(r.metric(), r.kind(), r.value(), r.currency(), labels, now));
                })
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** The readings become the source's last value and enter its history; the next poll is scheduled. */
    private Uni<Void> recordSuccess(Due source, List<Reading> readings) {
        Instant now = Instant.now();
        Duration next = adaptive.next(
                Duration.ofMillis(source.intervalMs()),
                source.lastReadings(),
                source.lastSuccessAt() == null ? null : Duration.between(source.lastSuccessAt(), now),
                readings);
        if (next.toMillis() < source.intervalMs()) {
            metrics.adaptive(source.provider());
        }
        return sources.polled(source.id(), readings, now, next);
    }

    private Uni<Void> recordFailure(Due source, Throwable failure) {
        String error = failure instanceof PollFailure p ? p.toString() : "could not publish: " + failure.getMessage();
        Duration retryAfter = failure instanceof PollFailure p ? p.retryAfter() : null;
        long nextMs = Math.max(source.intervalMs(), retryAfter == null ? 0 : retryAfter.toMillis());
        int failures = source.failures() + 1;
        Log.warnf(
                "polling source %s (%s) failed %d time(s) in a row: %s",
                source.name(), source.provider(), failures, error);
        metrics.failed(source.provider());
        Uni<Void> recorded = sources.failed(source.id(), error, Duration.ofMillis(nextMs));
        if (failures < failingAfter) {
            return recorded;
        }
        // a rule can alert on this: the source has failed N polls in a row
        return recorded.chain(() -> publisher
                .publish(new MetricEvent(
                        FAILING_METRIC,
                        MetricKind.EVENT,
                        BigDecimal.valueOf(failures),
                        null,
                        baseLabels(source),
                        Instant.now().truncatedTo(ChronoUnit.MILLIS)))
                .onFailure()
                .recoverWithNull());
    }

    private static Map<String, String> baseLabels(Due source) {
        Map<String, String> labels = new HashMap<>(source.labels());
        labels.put("source", source.name());
        labels.put("provider", source.provider());
        return labels;
    }

    private static Throwable typed(Throwable e) {
        if (e instanceof PollFailure) {
            return e;
        }
        if (e instanceof TimeoutException) {
            return new PollFailure(PollFailure.Kind.TIMEOUT, "no answer in time");
        }
        if (e instanceof CircuitBreakerOpenException) {
            return new PollFailure(PollFailure.Kind.CIRCUIT_OPEN, "provider circuit breaker is open");
        }
        return new PollFailure(PollFailure.Kind.UNAVAILABLE, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
