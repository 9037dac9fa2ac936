package io.watchkeeper.collector.source.poll;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.collector.metric.MetricPublisher;
import io.watchkeeper.collector.source.Source;
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
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Polls due sources with bounded concurrency. Each source is claimed in the database (so two instances
 * never poll it twice), polled through its provider's guard, its readings published on
 * {@code wk.metrics.v1}, and its state recorded. Interval, credential and enabled flag are read at every
 * claim, so changes apply at the next cycle without a restart.
 */
@ApplicationScoped
public class Poller {

    public static final String FAILING_METRIC = "collector_source_failing";
    private static final int CLAIM_LIMIT = 1000;

    /** A claimed source, with what one poll needs. */
    record Due(UUID id, String name, String provider, String baseUrl, String credential, long intervalMs,
            Map<String, String> labels, Map<String, String> settings, int failures, List<Reading> lastReadings,
            Instant lastSuccessAt) {
    }

    private final Adapters adapters;
    private final ProviderGuards guards;
    private final Pool pool;
    private final SecretBox secrets;
    private final MetricPublisher publisher;
    private final MeterRegistry registry;
    private final SerialPasses passes;
    private final BackgroundWork background;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, java.util.concurrent.atomic.AtomicReference<BigDecimal>> balances =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final int concurrency;
    private final int failingAfter;
    private final AdaptiveInterval adaptive;
    private final Duration lease;

    public Poller(Adapters adapters, ProviderGuards guards, Pool pool, SecretBox secrets, MetricPublisher publisher,
            MeterRegistry registry, BackgroundWork background,
            @ConfigProperty(name = "watchkeeper.collector.poll.concurrency") int concurrency,
            @ConfigProperty(name = "watchkeeper.collector.poll.failing-after") int failingAfter,
            @ConfigProperty(name = "watchkeeper.collector.poll.timeout") Duration timeout,
            @ConfigProperty(name = "watchkeeper.collector.poll.retries") int retries,
            @ConfigProperty(name = "watchkeeper.collector.poll.min-interval") Duration minInterval,
            @ConfigProperty(name = "watchkeeper.collector.poll.adaptive.drop-pct") BigDecimal dropPct,
            @ConfigProperty(name = "watchkeeper.collector.poll.adaptive.factor") int factor) {
        this.adapters = adapters;
        this.guards = guards;
        this.pool = pool;
        this.secrets = secrets;
        this.publisher = publisher;
        this.registry = registry;
        this.concurrency = concurrency;
        this.failingAfter = failingAfter;
        this.adaptive = new AdaptiveInterval(dropPct, factor, minInterval);
        // a claim outlives every attempt of one poll; a crashed poller's sources come back after it
        this.lease = timeout.multipliedBy(retries + 2L).plusSeconds(30);
        this.background = background;
        this.passes = new SerialPasses("poller", background, this::pass);
        registry.gauge("watchkeeper_collector_polls_in_flight", inFlight);
    }

    /** Looks for due sources now (after a create or refresh); passes never overlap. */
    public void wake() {
        passes.request();
    }

    @Scheduled(every = "${watchkeeper.collector.poll.tick}", delayed = "1s",
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
        int free = concurrency - inFlight.get();
        if (free <= 0) {
            return Uni.createFrom().item(false);
        }
        return claimDue(Math.min(free, CLAIM_LIMIT)).map(due -> {
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

    Uni<List<Due>> claimDue(int limit) {
        return pool.preparedQuery("""
                UPDATE source SET next_poll_at = now() + $2 * interval '1 millisecond', last_polled_at = now()
                 WHERE id IN (SELECT id FROM source WHERE enabled AND next_poll_at <= now()
                               ORDER BY next_poll_at LIMIT $1 FOR UPDATE SKIP LOCKED)
                RETURNING id, name, provider, base_url, credential, poll_interval_ms, labels, settings,
                          consecutive_failures, last_readings, last_success_at""")
                .execute(Tuple.of(limit, lease.toMillis()))
                .map(rows -> {
                    List<Due> due = new java.util.ArrayList<>();
                    io.watchkeeper.platform.db.StringMapJson maps = new io.watchkeeper.platform.db.StringMapJson();
                    Source.Readings readings = new Source.Readings();
                    for (Row r : rows) {
                        due.add(new Due(r.getUUID("id"), r.getString("name"), r.getString("provider"),
                                r.getString("base_url"), r.getString("credential"), r.getLong("poll_interval_ms"),
                                maps.convertToEntityAttribute(r.getString("labels")),
                                maps.convertToEntityAttribute(r.getString("settings")),
                                r.getInteger("consecutive_failures"),
                                r.getString("last_readings") == null ? null
                                        : readings.convertToEntityAttribute(r.getString("last_readings")),
                                r.getOffsetDateTime("last_success_at") == null ? null
                                        : r.getOffsetDateTime("last_success_at").toInstant()));
                    }
                    return due;
                });
    }

    private Uni<Void> pollOne(Due source) {
        BalanceAdapter adapter = adapters.of(source.provider()).orElse(null);
        if (adapter == null) {
            return recordFailure(source, new PollFailure(PollFailure.Kind.BAD_REQUEST, "no adapter for " + source.provider()));
        }
        String baseUrl = source.baseUrl() != null ? source.baseUrl() : adapter.defaultBaseUrl();
        PollTarget target = new PollTarget(stripSlash(baseUrl), secrets.open(source.credential()), source.settings());
        Timer.Sample sample = Timer.start(registry);
        return guards.call(source.provider(), () -> adapter.poll(target))
                .onFailure().transform(Poller::typed)
                .chain(readings -> publish(source, readings).replaceWith(readings))
                .onItemOrFailure().transformToUni((readings, failure) -> {
                    String outcome = failure == null ? "success"
                            : failure instanceof PollFailure p ? p.kind().name().toLowerCase(Locale.ROOT) : "publish_failed";
                    sample.stop(registry.timer("watchkeeper_collector_poll_duration_seconds",
                            "provider", source.provider(), "outcome", outcome));
                    return failure == null ? recordSuccess(source, readings) : recordFailure(source, failure);
                })
                .onFailure().recoverWithItem(e -> {
                    Log.errorf("recording the poll of source %s failed: %s", source.name(), e.getMessage());
                    return null;
                });
    }

    private Uni<Void> publish(Due source, List<Reading> readings) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Multi.createFrom().iterable(readings)
                .onItem().transformToUniAndConcatenate(r -> {
                    Map<String, String> labels = baseLabels(source);
                    labels.put("currency", r.currency());
                    labels.putAll(r.labels());
                    balance(source.name(), r).set(r.value());
                    return publisher.publish(new MetricEvent(r.metric(), r.kind(), r.value(), r.currency(),
                            labels, now));
                })
                .collect().last().replaceWithVoid();
    }

    /** The current value per source, metric and currency (sources are bounded: one series each is fine). */
    private java.util.concurrent.atomic.AtomicReference<BigDecimal> balance(String source, Reading r) {
        return balances.computeIfAbsent(source + "\u0000" + r.metric() + "\u0000" + r.currency(), key -> {
            var value = new java.util.concurrent.atomic.AtomicReference<BigDecimal>(r.value());
            registry.gauge("watchkeeper_collector_balance", List.of(
                    io.micrometer.core.instrument.Tag.of("source", source),
                    io.micrometer.core.instrument.Tag.of("metric", r.metric()),
                    io.micrometer.core.instrument.Tag.of("currency", r.currency())), value, v -> v.get().doubleValue());
            return value;
        });
    }

    /** Stores the readings as the source's last value and in its history, and schedules the next poll. */
    private Uni<Void> recordSuccess(Due source, List<Reading> readings) {
        Instant now = Instant.now();
        Duration next = adaptive.next(Duration.ofMillis(source.intervalMs()), source.lastReadings(),
                source.lastSuccessAt() == null ? null : Duration.between(source.lastSuccessAt(), now), readings);
        if (next.toMillis() < source.intervalMs()) {
            registry.counter("watchkeeper_collector_adaptive_polls_total", "provider", source.provider()).increment();
        }
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        UPDATE source SET last_success_at = $4::timestamptz, last_readings = $2, last_error = NULL,
                                          consecutive_failures = 0, next_poll_at = $4::timestamptz + $3 * interval '1 millisecond'
                         WHERE id = $1""")
                .execute(Tuple.of(source.id(), new Source.Readings().convertToDatabaseColumn(readings), next.toMillis(),
                        now.atOffset(java.time.ZoneOffset.UTC)))
                .chain(() -> readings.isEmpty() ? Uni.createFrom().voidItem() : conn.preparedQuery(
                                "INSERT INTO observation (source_id, metric, currency, value, observed_at) VALUES ($1, $2, $3, $4, $5)")
                        .executeBatch(readings.stream().map(r -> Tuple.of(source.id(), r.metric(), r.currency(), r.value(),
                                now.atOffset(java.time.ZoneOffset.UTC))).toList())
                        .replaceWithVoid())
                .chain(() -> snapshots(conn, source, readings, now)));
    }

    /** Spend readings of a bill period (label bill_period) replace that period's snapshot rows. */
    private static Uni<Void> snapshots(io.vertx.mutiny.sqlclient.SqlConnection conn, Due source, List<Reading> readings,
            Instant now) {
        List<Tuple> rows = readings.stream().filter(r -> r.labels().containsKey("bill_period"))
                .map(r -> Tuple.tuple(List.of(source.id(), r.labels().get("bill_period"),
                        r.labels().getOrDefault("sub_account", ""), r.labels().getOrDefault("project", ""), r.value(),
                        r.currency(), now.atOffset(java.time.ZoneOffset.UTC))))
                .toList();
        return rows.isEmpty() ? Uni.createFrom().voidItem() : conn.preparedQuery("""
                        INSERT INTO bill_snapshot (source_id, bill_period, sub_account, project, amount, currency, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        ON CONFLICT (source_id, bill_period, sub_account, project) DO UPDATE
                           SET amount = EXCLUDED.amount, currency = EXCLUDED.currency, updated_at = EXCLUDED.updated_at""")
                .executeBatch(rows).replaceWithVoid();
    }

    private Uni<Void> recordFailure(Due source, Throwable failure) {
        String error = failure instanceof PollFailure p ? p.toString() : "could not publish: " + failure.getMessage();
        Duration retryAfter = failure instanceof PollFailure p ? p.retryAfter() : null;
        long nextMs = Math.max(source.intervalMs(), retryAfter == null ? 0 : retryAfter.toMillis());
        int failures = source.failures() + 1;
        Log.warnf("polling source %s (%s) failed %d time(s) in a row: %s", source.name(), source.provider(), failures, error);
        registry.counter("watchkeeper_collector_poll_failures_total", "provider", source.provider()).increment();
        Uni<Void> recorded = pool.preparedQuery("""
                UPDATE source SET last_error = $2, last_error_at = now(), consecutive_failures = consecutive_failures + 1,
                                  next_poll_at = now() + $3 * interval '1 millisecond'
                 WHERE id = $1""")
                .execute(Tuple.of(source.id(), error, nextMs)).replaceWithVoid();
        if (failures < failingAfter) {
            return recorded;
        }
        // a rule can alert on this: the source has failed N polls in a row
        return recorded.chain(() -> publisher.publish(new MetricEvent(FAILING_METRIC, MetricKind.EVENT,
                        BigDecimal.valueOf(failures), null, baseLabels(source), Instant.now().truncatedTo(ChronoUnit.MILLIS)))
                .onFailure().recoverWithNull());
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
