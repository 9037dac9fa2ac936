package io.watchkeeper.collector.source.poll;

import io.watchkeeper.collector.source.adapter.Reading;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;

/**
 * Polls a falling balance more often: when, at the rate it fell since the last poll, a balance would lose
 * more than {@code dropPct} of itself within one normal interval, the next poll comes {@code factor} times
 * sooner (never sooner than the minimum interval). Back to normal as soon as it stops falling that fast.
 */
public record AdaptiveInterval(BigDecimal dropPct, int factor, Duration min) {

    public Duration next(Duration normal, List<Reading> previous, Duration sincePrevious, List<Reading> current) {
        if (previous == null || sincePrevious == null || sincePrevious.isZero() || sincePrevious.isNegative()) {
            return normal;
        }
        for (Reading now : current) {
            if (!Reading.BALANCE.equals(now.metric()) || now.value().signum() <= 0) {
                continue;
            }
            for (Reading before : previous) {
                if (before.metric().equals(now.metric()) && before.currency().equals(now.currency())) {
                    BigDecimal fell = before.value().subtract(now.value());
                    if (fell.signum() <= 0) {
                        continue;
                    }
                    // the drop extrapolated over one normal interval, as a share of what is left
                    BigDecimal projected = fell.multiply(BigDecimal.valueOf(normal.toMillis()))
                            .divide(BigDecimal.valueOf(sincePrevious.toMillis()), MathContext.DECIMAL64);
                    if (projected
                                    .multiply(BigDecimal.valueOf(100))
                                    .compareTo(now.value().multiply(dropPct))
                            > 0) {
                        Duration faster = normal.dividedBy(factor);
                        return faster.compareTo(min) < 0 ? min : faster;
                    }
                }
            }
        }
        return normal;
    }
}
