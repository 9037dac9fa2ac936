package io.watchkeeper.quota.ledger;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;

public final class AllocationDtos {

    private AllocationDtos() {}

    /** Add (positive {@code amount}) or deduct (negative) on a prepaid quota's ledger. */
    public record Request(
            @NotNull @Digits(integer = 15, fraction = 8) BigDecimal amount, @Size(max = 500) String note) {}

    /** A ledger entry: who, how much, the total after it and the epoch it opened. */
    public record Entry(
            long id,
            String quotaId,
            BigDecimal amount,
            BigDecimal totalAfter,
            long epoch,
            String operator,
            String note,
            Instant createdAt) {

        static Entry of(AllocationRepository.Stored s) {
            Ledger.Entry e = s.entry();
            return new Entry(
                    s.id(), e.quotaId(), e.amount(), e.totalAfter(), e.epoch(), e.operator(), e.note(), e.createdAt());
        }
    }
}
