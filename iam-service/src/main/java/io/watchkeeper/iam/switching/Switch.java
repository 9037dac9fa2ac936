package io.watchkeeper.iam.switching;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;

/**
 * One switch of a user off ({@code disable}) or on ({@code enable}), recorded before the cloud is called and carried
 * out until done. {@code cause} quota: by a quota's exhaustion (disable) or new allocation (enable), with its epoch
 * and the consumption that exhausted it; {@code operator}: by hand.
 */
public record Switch(
        String id,
        String userId,
        Direction direction,
        Cause cause,
        String quotaId,
        Long epoch,
        BigDecimal used,
        String alertId,
        String reason,
        String actor,
        int attempts,
        String lastError,
        Instant createdAt) {

    public enum Direction {
        DISABLE,
        ENABLE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Also what {@code disabled_by} says of a key or a login this switch turned off. */
    public enum Cause {
        QUOTA,
        OPERATOR;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
