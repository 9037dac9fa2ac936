package io.watchkeeper.iam;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants to and from the reactive client's {@code timestamptz} values. */
public final class Sql {

    public static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private Sql() {}
}
