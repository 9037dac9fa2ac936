package io.watchkeeper.quota.usage;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Where one step of a quota stands, from the latest quota alert about it: a prepaid quota's step ({@code period}
 * {@code all}, {@code step} its percentage), or a periodic quota's alert of one period ({@code step} {@code period}).
 */
public record StepStatus(
        String quotaId,
        String period,
        String step,
        BigDecimal stepPct,
        long epoch,
        UUID alertId,
        String alertType,
        AlertStatus status,
        Instant firedAt,
        Instant resolvedAt) {

    public static final String PERIODIC_STEP = "period";
    private static final Set<String> QUOTA_ALERTS = Set.of("quota_step", "quota_exhausted", "quota_period");

    /** The step an alert speaks of, or null when it is not a quota alert. */
    public static StepStatus of(AlertEvent a) {
        if (a.quota() == null || !QUOTA_ALERTS.contains(a.type())) {
            return null;
        }
        boolean periodic = a.type().equals("quota_period");
        String period = periodic ? a.annotations().getOrDefault("period", "") : "all";
        String step = periodic
                ? PERIODIC_STEP
                : a.quota().stepPct().stripTrailingZeros().toPlainString();
        return new StepStatus(
                a.quota().quotaId(),
                period,
                step,
                a.quota().stepPct(),
                a.quota().epoch(),
                a.alertId(),
                a.type(),
                a.status(),
                a.startsAt(),
                a.endsAt());
    }

    /** Fired and not taken back (a resolved step is armed again). */
    public boolean fired() {
        return status.isOpen();
    }
}
