package io.watchkeeper.quota.ledger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.watchkeeper.platform.problem.ProblemException;
import io.watchkeeper.platform.rest.Page;
import io.watchkeeper.platform.security.TenantScope;
import io.watchkeeper.quota.quota.Quota;
import io.watchkeeper.quota.quota.QuotaPublisher;
import io.watchkeeper.quota.quota.QuotaRepository;
import io.watchkeeper.quota.usage.UsageRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Objects;

/**
 * Allocations on a prepaid quota. One transaction locks the quota, checks the guard against the consumed amount,
 * appends the entry, raises the epoch and announces the quota: allocations of one quota take turns, so two deductions
 * can never both pass on the same total. With an idempotency key, a retry finds the first entry and changes nothing.
 */
@ApplicationScoped
public class AllocationService {

    /** The entry, and whether it is the first result of an earlier request with the same idempotency key. */
    public record Result(AllocationDtos.Entry entry, boolean replayed) {}

    private final Pool pool;
    private final QuotaRepository quotas;
    private final AllocationRepository ledger;
    private final UsageRepository usage;
    private final QuotaPublisher publisher;

    public AllocationService(
            Pool pool,
            QuotaRepository quotas,
            AllocationRepository ledger,
            UsageRepository usage,
            QuotaPublisher publisher) {
        this.pool = pool;
        this.quotas = quotas;
        this.ledger = ledger;
        this.usage = usage;
        this.publisher = publisher;
    }

    public Uni<Result> allocate(
            TenantScope scope, String quotaId, AllocationDtos.Request request, String idempotencyKey, String operator) {
        return pool.withTransaction(conn -> quotas.lock(conn, quotaId)
                        .map(q -> scope.visible(q, q == null ? null : q.tenant(), "quota", quotaId))
                        .chain(q -> {
                            if (!q.prepaid()) {
                                throw ProblemException.conflict(
                                        "quota " + quotaId + " is periodic: it has a value per period,"
                                                + " changed with PUT, and no allocation ledger");
                            }
                            Uni<AllocationRepository.Stored> earlier = idempotencyKey == null
                                    ? Uni.createFrom().nullItem()
                                    : ledger.byKey(conn, quotaId, idempotencyKey);
                            return earlier.chain(first -> first != null
                                    ? Uni.createFrom().item(replay(first, request))
                                    : usage.consumed(conn, quotaId)
                                            .map(consumed -> Ledger.next(
                                                    quotaId,
                                                    q.allocated(),
                                                    q.epoch(),
                                                    consumed,
                                                    request.amount(),
                                                    operator,
                                                    request.note(),
                                                    idempotencyKey,
                                                    Instant.now()))
                                            .chain(entry -> ledger.append(conn, entry))
                                            .call(stored -> announce(conn, q, stored.entry()))
                                            .map(stored -> new Result(AllocationDtos.Entry.of(stored), false)));
                        }))
                .invoke(result -> {
                    if (!result.replayed()) {
                        publisher.wake();
                    }
                });
    }

    public Uni<Page<AllocationDtos.Entry>> list(TenantScope scope, String quotaId, int page, int size) {
        return quotas.find(quotaId)
                .map(q -> scope.visible(q, q == null ? null : q.tenant(), "quota", quotaId))
                .chain(q -> ledger.list(quotaId, page, size))
                .map(found -> found.map(AllocationDtos.Entry::of));
    }

    private Uni<Void> announce(io.vertx.mutiny.sqlclient.SqlClient conn, Quota q, Ledger.Entry entry) {
        Quota after = q.withLedger(entry.totalAfter(), entry.epoch(), entry.createdAt());
        return quotas.updateLedger(conn, after).chain(() -> publisher.publish(conn, after));
    }

    /** The first result of a retried request; the same key with another amount or note is a mistake (422). */
    private static Result replay(AllocationRepository.Stored first, AllocationDtos.Request request) {
        Ledger.Entry e = first.entry();
        if (e.amount().compareTo(request.amount()) != 0 || !Objects.equals(e.note(), request.note())) {
            throw new ProblemException(
                    422,
                    "Unprocessable Content",
                    "Idempotency-Key " + e.idempotencyKey() + " was used for another allocation ("
                            + e.amount().toPlainString() + "): use a new key",
                    null);
        }
        return new Result(AllocationDtos.Entry.of(first), true);
    }
}
