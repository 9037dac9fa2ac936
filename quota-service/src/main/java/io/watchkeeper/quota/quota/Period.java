package io.watchkeeper.quota.quota;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** A periodic quota's accounting period, which begins in the quota's time zone. */
public enum Period {
    @JsonProperty("monthly")
    MONTHLY("monthly"),
    @JsonProperty("yearly")
    YEARLY("yearly");

    /** The period name of a prepaid quota's usage: it counts everything, across allocations. */
    public static final String ALL = "all";

    private final String wire;

    Period(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Period ofWire(String wire) {
        return wire == null ? null : wire.equals("yearly") ? YEARLY : MONTHLY;
    }

    /** The period {@code at} falls in, named as the evaluator names it: {@code 2026-12} or {@code 2026}. */
    public String of(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return this == YEARLY
                ? Integer.toString(local.getYear())
                : String.format("%d-%02d", local.getYear(), local.getMonthValue());
    }
}
