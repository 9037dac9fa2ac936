package io.watchkeeper.evaluator.quota;

import io.smallrye.mutiny.Uni;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent.Status;
import io.watchkeeper.platform.security.TenantScope;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What a person sees of each quota here: usage this period, percentage, status and fired steps, as checkpointed. */
@ApplicationScoped
public class QuotaUsageViews {

    /** One quota; {@code status} normal, warning, exceeded (periodic) or exhausted (prepaid, 100 % fired). */
    public record UsageView(
            String quotaId,
            String tenant,
            String subjectType,
            String subjectId,
            String metric,
            String period,
            BigDecimal used,
            BigDecimal allocated,
            String unit,
            BigDecimal usedPct,
            long epoch,
            Status status,
            List<String> firedSteps) {}

    private final QuotaBook book;
    private final QuotaStates store;

    QuotaUsageViews(QuotaBook book, QuotaStates store) {
        this.book = book;
        this.store = store;
    }

    /** Every quota this instance knows (from {@code wk.quotas.v1}) that the caller may see. */
    public Uni<List<UsageView>> all(TenantScope scope) {
        Instant now = Instant.now();
        return Uni.combine().all().unis(store.usage(), store.states()).asTuple().map(t -> book.all().stream()
                .filter(q -> scope.sees(QuotaAlerts.tenantOf(q)))
                .sorted(Comparator.comparing(QuotaEvent::quotaId))
                .map(q -> view(
                        q,
                        t.getItem1().getOrDefault(q.quotaId(), Map.of()),
                        t.getItem2().get(q.quotaId()),
                        now))
                .toList());
    }

    private static UsageView view(
            QuotaEvent q, Map<String, BigDecimal> counted, QuotaStates.Stored stored, Instant now) {
        String period = Periods.current(q, now, counted.keySet());
        BigDecimal used = counted.getOrDefault(period, BigDecimal.ZERO);
        QuotaSteps.Standing s = stored == null ? null : stored.standing();
        Status status = q.period() != null
                ? (s == null || !period.equals(s.period()) ? Status.NORMAL : s.status())
                : s != null && s.fired().containsKey("100") ? Status.EXHAUSTED : Status.NORMAL;
        List<String> fired = s == null
                ? List.of()
                : s.fired().keySet().stream()
                        .filter(k -> !k.equals(QuotaSteps.PERIOD))
                        .toList();
        return new UsageView(
                q.quotaId(),
                QuotaAlerts.tenantOf(q),
                q.subject().type(),
                q.subject().id(),
                q.metric(),
                period,
                used,
                q.allocated(),
                q.unit(),
                QuotaSteps.percent(used, q.allocated()),
                q.epoch(),
                status,
                fired);
    }
}
