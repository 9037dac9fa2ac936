package io.watchkeeper.evaluator.quota;

import io.watchkeeper.contracts.event.QuotaEvent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Which accounting period an instant belongs to for a quota: its month or year in the quota's time zone. */
public final class Periods {

    /** Prepaid quotas count everything, across allocations. */
    public static final String ALL = "all";

    private Periods() {
    }

    public static String of(QuotaEvent q, Instant at) {
        if (q.period() == null) {
            return ALL;
        }
        ZonedDateTime local = at.atZone(zone(q));
        return q.period().equals("yearly") ? Integer.toString(local.getYear())
                : String.format("%d-%02d", local.getYear(), local.getMonthValue());
    }

    public static ZoneId zone(QuotaEvent q) {
        try {
            return q.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(q.timeZone());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
