package io.watchkeeper.notifier.channel.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.channel.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A group of alerts as one Alertmanager v4 webhook, as Alertmanager itself would send it. */
class AlertmanagerPayloadTest {

    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    @Test
    void a_group_is_one_payload_with_group_labels_and_what_its_alerts_share() {
        AlertEvent disk = alert("DiskFull", AlertStatus.FIRING, Map.of("app", "billing", "host", "h1"), null);
        AlertEvent load =
                alert("HighLoad", AlertStatus.RESOLVED, Map.of("app", "billing", "host", "h2"), T0.plusSeconds(60));
        JsonObject payload = AlertmanagerWebhookSender.payload(
                new Notification("n-1", List.of(disk, load), Map.of("app", "billing")),
                "ops",
                "https://wk.example.com");

        assertThat(payload.getString("status")).as("firing while any alert is").isEqualTo("firing");
        assertThat(payload.getString("groupKey")).isEqualTo("{}:{app=\"billing\"}");
        assertThat(payload.getJsonObject("groupLabels").getMap()).isEqualTo(Map.of("app", "billing"));
        assertThat(payload.getJsonObject("commonLabels").getMap()).isEqualTo(Map.of("app", "billing", "team", "ops"));
        assertThat(payload.getJsonObject("commonAnnotations").getMap())
                .isEqualTo(Map.of("runbook", "https://runbooks/x"));
        assertThat(payload.getJsonArray("alerts")).hasSize(2);
        JsonObject second = payload.getJsonArray("alerts").getJsonObject(1);
        assertThat(second.getString("status")).isEqualTo("resolved");
        assertThat(second.getString("endsAt")).isEqualTo("2026-11-22T08:01:00Z");
        assertThat(second.getJsonObject("labels").getString("host")).isEqualTo("h2");
        assertThat(payload.getJsonArray("alerts").getJsonObject(0).getString("endsAt"))
                .isEqualTo("0001-01-01T00:00:00Z");

        JsonObject resolved = AlertmanagerWebhookSender.payload(
                new Notification("n-2", List.of(load), Map.of()), "ops", "https://wk.example.com");
        assertThat(resolved.getString("status")).isEqualTo("resolved");
        assertThat(resolved.getJsonObject("groupLabels").getMap()).isEqualTo(Map.of("alertname", "HighLoad"));
    }

    private static AlertEvent alert(String name, AlertStatus status, Map<String, String> labels, Instant endsAt) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put("alertname", name);
        all.put("team", "ops");
        return new AlertEvent(
                UUID.randomUUID(),
                "1a30ba71cca2921f",
                "r-1",
                name,
                "threshold",
                status,
                Severity.WARNING,
                name + " on " + labels.get("host"),
                null,
                all,
                Map.of("runbook", "https://runbooks/x"),
                null,
                null,
                T0,
                endsAt,
                null,
                null);
    }
}
