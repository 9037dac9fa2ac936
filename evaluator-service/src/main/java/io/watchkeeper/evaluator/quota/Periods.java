package io.watchkeeper.evaluator.quota;

import io.watchkeeper.contracts.event.QuotaEvent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;

/** Which accounting period an instant belongs to for a quota: its month or year in the quota's time zone. */
public final class Periods {

    /** Prepaid quotas count everything, across allocations. */
    public static final String ALL = "all";

    private Periods() {}

    public static String of(QuotaEvent q, Instant at) {
        if (q.period() == null) {
            return ALL;
        }
        ZonedDateTime local = at.atZone(zone(q));
        return q.period().equals("yearly")
                ? Integer.toString(local.getYear())
                : String.format("%d-%02d", local.getYear(), local.getMonthValue());
    }

    /**
     * The period a quota is checked in: its period now or, when the partitions have counted observations of a later
     * one (a meter batch stamped after midnight in the quota's zone), that one — the month turns with the data.
     */
    public static String current(QuotaEvent q, Instant now, Collection<String> counted) {
        String newest = of(q, now);
        for (String p : counted) {
            // periods of one kind compare as text (2026-12 < 2027-01); another kind's are a quota's former life
            if (p.length() == newest.length() && p.compareTo(newest) > 0) {
                newest = p;
            }
        }
        return newest;
    }

    public static ZoneId zone(QuotaEvent q) {
        try {
            return q.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(q.timeZone());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
