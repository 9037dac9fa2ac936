package io.watchkeeper.notifier.alert;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The alert a template is tried on when it is saved: one that cannot render it is refused with a 400. */
public final class SampleAlert {

    private SampleAlert() {}

    public static AlertEvent firing() {
        return new AlertEvent(
                UUID.randomUUID(),
                "0000000000000000",
                "rule",
                "rule",
                "threshold",
                AlertStatus.FIRING,
                Severity.WARNING,
                "title",
                "message",
                Map.of(),
                Map.of(),
                null,
                null,
                Instant.now(),
                null,
                null,
                null);
    }
}
