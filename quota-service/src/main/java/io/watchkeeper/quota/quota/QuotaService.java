package io.watchkeeper.quota.quota;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import io.watchkeeper.quota.ledger.AllocationRepository;
import io.watchkeeper.quota.ledger.Ledger;
import io.watchkeeper.quota.settings.QuotaSettings;
import io.watchkeeper.quota.settings.SettingsRepository;
import io.watchkeeper.quota.usage.StepRepository;
import io.watchkeeper.quota.usage.UsageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Quota definitions: every change is committed with its announcement on {@code wk.quotas.v1} (the outbox), then the
 * relay is woken. A deleted quota keeps its row and ledger (history), and leaves a tombstone on the topic.
 */
@ApplicationScoped
public class QuotaService {

    private final Pool pool;
    private final QuotaRepository quotas;
    private final AllocationRepository ledger;
    private final SettingsRepository settings;
    private final UsageRepository usage;
    private final StepRepository steps;
    private final QuotaPublisher publisher;

    public QuotaService(
            Pool pool,
            QuotaRepository quotas,
            AllocationRepository ledger,
            SettingsRepository settings,
            UsageRepository usage,
            StepRepository steps,
            QuotaPublisher publisher) {
        this.pool = pool;
        this.quotas = quotas;
        this.ledger = ledger;
        this.settings = settings;
        this.usage = usage;
        this.steps = steps;
        this.publisher = publisher;
    }

    /** A new quota; a prepaid one with {@code initialAllocation} opens its ledger with it (epoch 1). */
    public Uni<QuotaDtos.View> create(TenantScope scope, QuotaDtos.Request request, String user) {
        Instant now = Instant.now();
        Quota defined = QuotaDefinitions.of(request, scope, UUID.randomUUID().toString(), null, user, now);
        Ledger.Entry opening = request.initialAllocation() == null
                ? null
                : Ledger.Entry.opening(defined.id(), request.initialAllocation(), user, now);
        Quota quota = opening == null ? defined : defined.withLedger(opening.totalAfter(), opening.epoch(), now);
        return pool.withTransaction(conn -> quotas.insert(conn, quota)
                        .chain(() -> opening == null
                                ? Uni.createFrom().voidItem()
                                : ledger.append(conn, opening).replaceWithVoid())
                        .chain(() -> settings.effective(conn, quota.tenant()))
                        .call(s -> publisher.publishAll(conn, List.of(quota), s)))
                .invoke(publisher::wake)
                .map(s -> QuotaViews.view(quota, s, List.of(), List.of(), now));
    }

    public Uni<QuotaDtos.View> replace(TenantScope scope, String id, QuotaDtos.Request request) {
        Instant now = Instant.now();
        return pool.withTransaction(conn -> quotas.lock(conn, id)
                        .map(before -> scope.visible(before, before == null ? null : before.tenant(), "quota", id))
                        .map(before -> QuotaDefinitions.of(request, scope, id, before, before.createdBy(), now))
                        .call(quota -> quotas.updateDefinition(conn, quota))
                        .chain(quota -> settings.effective(conn, quota.tenant())
                                .call(s -> publisher.publishAll(conn, List.of(quota), s))
                                .map(s -> Map.entry(quota, s))))
                .invoke(publisher::wake)
                .chain(saved -> details(saved.getKey(), saved.getValue()));
    }

    /** Soft: the quota leaves lists and the evaluator (a tombstone), its row and ledger stay. */
    public Uni<Void> delete(TenantScope scope, String id) {
        return pool.withTransaction(conn -> quotas.lock(conn, id)
                        .map(q -> scope.visible(q, q == null ? null : q.tenant(), "quota", id))
                        .call(q -> quotas.markDeleted(conn, id, Instant.now()))
                        .call(q -> publisher.tombstone(conn, id)))
                .invoke(publisher::wake)
                .replaceWithVoid();
    }

    public Uni<QuotaDtos.View> get(TenantScope scope, String id) {
        return quotas.find(id)
                .map(q -> scope.visible(q, q == null ? null : q.tenant(), "quota", id))
                .chain(q -> settings.effective(pool, q.tenant()).chain(s -> details(q, s)));
    }

    /** A page of quotas with where each stands (no steps, no periods: those come with one quota). */
    public Uni<Page<QuotaDtos.View>> list(TenantScope scope, QuotaRepository.Filter filter, int page, int size) {
        Instant now = Instant.now();
        QuotaRepository.Filter scoped = new QuotaRepository.Filter(
                scope.filter(filter.tenant()),
                filter.subjectType(),
                filter.subjectId(),
                filter.status(),
                filter.deleted());
        return quotas.list(scoped, page, size).chain(found -> {
            List<Quota> items = found.items();
            Uni<List<io.watchkeeper.contracts.event.QuotaUsageEvent>> reports = items.isEmpty()
                    ? Uni.createFrom().item(List.of())
                    : usage.newest(items.stream().map(Quota::id).toList());
            return Uni.combine()
                    .all()
                    .unis(reports, settingsOf(items))
                    .asTuple()
                    .map(t -> found.map(q -> QuotaViews.view(
                            q,
                            t.getItem2().get(tenantKey(q.tenant())),
                            t.getItem1().stream()
                                    .filter(r -> r.quotaId().equals(q.id()))
                                    .toList(),
                            null,
                            now)));
        });
    }

    private Uni<QuotaDtos.View> details(Quota q, QuotaSettings s) {
        return Uni.combine()
                .all()
                .unis(usage.of(q.id()), steps.of(q.id()))
                .asTuple()
                .map(t -> QuotaViews.view(q, s, t.getItem1(), t.getItem2(), Instant.now()));
    }

    /** The settings of each tenant on a page, read once per tenant. */
    private Uni<Map<String, QuotaSettings>> settingsOf(List<Quota> items) {
        List<String> tenants =
                items.stream().map(q -> tenantKey(q.tenant())).distinct().toList();
        if (tenants.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join()
                .all(tenants.stream()
                        .map(t -> settings.effective(pool, t.isEmpty() ? null : t))
                        .toList())
                .andFailFast()
                .map(found -> {
                    Map<String, QuotaSettings> out = new HashMap<>();
                    for (int i = 0; i < tenants.size(); i++) {
                        out.put(tenants.get(i), found.get(i));
                    }
                    return out;
                });
    }

    private static String tenantKey(String tenant) {
        return tenant == null ? "" : tenant;
    }
}
