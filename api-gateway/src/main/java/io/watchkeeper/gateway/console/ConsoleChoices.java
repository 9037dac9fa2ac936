package io.watchkeeper.gateway.console;

import io.quarkus.qute.TemplateGlobal;
import java.util.List;

/** The values the filters offer, as the API names them; templates read them as globals. */
@TemplateGlobal
public final class ConsoleChoices {

    static final List<String> alertStatuses = List.of("pending", "firing", "acknowledged", "resolved", "ignored");
    static final List<String> severities = List.of("critical", "error", "warning", "info");
    static final List<String> silenceStates = List.of("active", "pending", "expired");
    static final List<String> alertTypes = List.of(
            "threshold",
            "ratio",
            "percentile",
            "absence",
            "forecast",
            "renewal",
            "quota_step",
            "quota_exhausted",
            "quota_period");

    private ConsoleChoices() {}
}
