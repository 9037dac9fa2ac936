package io.watchkeeper.quota.ledger;

import io.watchkeeper.platform.problem.Problem;
import io.watchkeeper.platform.problem.ProblemException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The arithmetic of the allocation ledger, with the underflow guard: an allocation adds (+) or deducts (−) an amount,
 * never zero, and a deduction may not take the total below what is already consumed. Each entry raises the epoch.
 * Amounts keep their scale. No I/O.
 */
public final class Ledger {

    private Ledger() {}

    /** One entry: the amount, the total after it, the epoch it opens. */
    public record Entry(
            String quotaId,
            BigDecimal amount,
            BigDecimal totalAfter,
            long epoch,
            String operator,
            String note,
            String idempotencyKey,
            Instant createdAt) {

        /** The first entry of a quota created with an allocation. */
        public static Entry opening(String quotaId, BigDecimal amount, String operator, Instant at) {
            return next(quotaId, BigDecimal.ZERO, 0, BigDecimal.ZERO, amount, operator, "initial allocation", null, at);
        }
    }

    /**
     * The entry {@code amount} makes on a quota with {@code allocated} in epoch {@code epoch} of which {@code consumed}
     * is used; 400 for a zero amount, 409 naming the consumed and requested amounts when a deduction would go below
     * what is consumed.
     */
    public static Entry next(
            String quotaId,
            BigDecimal allocated,
            long epoch,
            BigDecimal consumed,
            BigDecimal amount,
            String operator,
            String note,
            String idempotencyKey,
            Instant at) {
        if (amount.signum() == 0) {
            throw ProblemException.invalid("amount", "must not be zero: add (+) or deduct (-) an amount");
        }
        BigDecimal total = allocated.add(amount);
        if (amount.signum() < 0 && total.compareTo(consumed) < 0) {
            throw underflow(allocated, consumed, amount);
        }
        return new Entry(quotaId, amount, total, epoch + 1, operator, note, idempotencyKey, at);
    }

    private static ProblemException underflow(BigDecimal allocated, BigDecimal consumed, BigDecimal amount) {
        String message = "deducting " + amount.negate().toPlainString() + " would leave "
                + allocated.add(amount).toPlainString()
                + " allocated, below the " + consumed.toPlainString() + " already consumed (allocated "
                + allocated.toPlainString() + "; at most "
                + allocated.subtract(consumed).max(BigDecimal.ZERO).toPlainString()
                + " can be deducted)";
        return new ProblemException(409, "Conflict", message, List.of(new Problem.FieldError("amount", message)));
    }
}
