package io.watchkeeper.quota.quota;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.platform.labels.LabelSet;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

public final class QuotaDtos {

    private QuotaDtos() {}

    public record SubjectRef(@NotNull SubjectType type, @NotBlank @Size(max = 200) String id) {}

    /**
     * Create or replace a quota. {@code metric} and {@code labels} select the metric events that consume it (a
     * tenant's quota counts only its tenant's). {@code thresholds}, {@code monitor}, {@code autoDisable}: absent =
     * the quota-settings' defaults. {@code kind} prepaid: {@code initialAllocation} (on create) opens the ledger;
     * periodic: {@code period}, {@code perPeriod}, optional {@code timeZone} (UTC), {@code warningPct} (80) and
     * {@code alertPct} (100).
     */
    public record Request(
            @Valid @NotNull SubjectRef subject,
            @Size(max = 63) String tenant,
            @NotBlank @Size(max = 200) String metric,
            @LabelSet(max = 32) Map<String, String> labels,
            @Size(max = 32) String unit,
            @Size(max = 20) List<BigDecimal> thresholds,
            Boolean monitor,
            Boolean autoDisable,
            @NotNull QuotaKind kind,
            Period period,
            @Size(max = 64) String timeZone,
            @DecimalMin(value = "0", inclusive = false) @Digits(integer = 15, fraction = 8) BigDecimal perPeriod,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") BigDecimal warningPct,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") BigDecimal alertPct,
            @DecimalMin(value = "0", inclusive = false) @Digits(integer = 15, fraction = 8)
                    BigDecimal initialAllocation) {}

    /** The thresholds, monitor and autoDisable in force: the quota's own, or its settings'. */
    public record Effective(List<BigDecimal> thresholds, boolean monitor, boolean autoDisable) {}

    /** A step of the current epoch: {@code fired} (when, by which epoch's alert, and that alert's status) or {@code armed}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepView(BigDecimal step, String state, Instant firedAt, Long epoch, String alertStatus) {}

    /** Usage in one period of a periodic quota, as last reported. */
    public record PeriodView(
            String period, BigDecimal consumed, BigDecimal usedPct, QuotaUsageEvent.Status status, Instant asOf) {}

    /**
     * A quota with where it stands. {@code consumed} is what the evaluator counted, as of {@code consumedAsOf};
     * {@code remaining} = allocated − consumed (negative: overrun). {@code steps} and {@code periods} come with a
     * single quota, not in lists.
     */
    public record View(
            String id,
            String tenant,
            SubjectRef subject,
            String metric,
            Map<String, String> labels,
            String unit,
            QuotaKind kind,
            List<BigDecimal> thresholds,
            Boolean monitor,
            Boolean autoDisable,
            Effective effective,
            Period period,
            String timeZone,
            BigDecimal perPeriod,
            BigDecimal warningPct,
            BigDecimal alertPct,
            long epoch,
            BigDecimal allocated,
            String currentPeriod,
            BigDecimal consumed,
            BigDecimal remaining,
            BigDecimal usedPct,
            QuotaUsageEvent.Status status,
            Instant consumedAsOf,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<StepView> steps,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<PeriodView> periods,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            Instant deletedAt) {}
}
