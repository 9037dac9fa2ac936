package io.watchkeeper.platform.rest;

import io.watchkeeper.platform.problem.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Query parameters every list endpoint reads the same way, with a 400 naming the parameter when malformed. */
public final class QueryParams {

    private QueryParams() {}

    /** An RFC 3339 time ({@code 2026-11-22T08:00:00Z}, any offset); null when absent or blank. */
    public static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(name, "must be an RFC 3339 time such as 2026-11-22T08:00:00Z");
        }
    }
}
